"""Markup signals: what an HTML page's markup hides or adds, judged block by block.

The trained model reads text and knows nothing of markup, so these signals are a rule
layer on top of it (see `spamdet.overlay`): each is a small named function, registered
with the label it gives a block when it fires (`promo`, `injection`, or `residue` for
template furniture). Thresholds are the named constants below, tested at their boundary.
The registry key is the reason id reports carry.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property

from spamdet.lexicon import COINED_LETTERS, Lexicon, read_list
from spamdet.normalize import compose
from spamdet.records import Link, Markup, Page, Segment, Site
from spamdet.separators import matches

MARKUP_SIGNALS: dict[str, Callable[[MarkupView], float]] = {}
MARKUP_LABELS: dict[str, str] = {}
"""The label each markup signal gives a block when it fires."""

FIRES = 0.5
"""A markup signal fires at or above this value (they return 0.0 or 1.0)."""
OFFTOPIC_MAX_COUNT = 2
"""A word the article's own text uses fewer times than this is off-topic for the page."""
ARTICLE_MIN_WORDS = 8
"""Blocks of at least this many words, outside template furniture, are the article's text."""
META_SUMMARY_SHARE = 0.9
"""A `<meta>` block whose words the article uses this often is the article's summary."""
HIDDEN_MIN_LINKS = 3
"""Off-site links (to distinct hosts) in one hidden block, outside menus, that make it spam."""
HIDDEN_MIN_COMMERCIAL = 2
"""Off-topic commercial words that make a hidden block spam even without links."""
LINK_FARM_MIN_LINKS = 5
"""Off-site links a block or list needs before it can be a link farm."""
LINK_FARM_MIN_HOSTS = 4
"""Distinct hosts those links must point to."""
LINK_FARM_COMMERCIAL_SHARE = 0.3
"""Share of those anchors that must carry an off-topic commercial word."""
ANCHOR_PROSE_WORDS = 8
"""A block of at least this many words, mostly not link text, is a paragraph of prose."""
PROSE_LINK_SHARE = 0.5
"""A paragraph of prose has at most this share of its characters inside links."""
STUFFING_MIN_WORDS = 8
"""Content words a block needs before repetition can be keyword stuffing."""
STUFFING_MIN_REPEATS = 4
"""Times the most repeated content word must occur."""
STUFFING_SHARE = 0.3
"""Share of the block's content words that the most repeated one must reach."""
TITLE_SIDE_WORDS = 3
"""A title's side chunk (behind `:`, `|`, ` - `) of at most this many words can be a brand."""
LINK_LIST_SHARE = 0.8
"""A block with at least this share of its characters inside links is a list of links."""
ENGLISH_MIN_KNOWN = 0.5
"""Share of a page's article words the (English) lexicon must know for word-based rules."""

SHARE_HOSTS = frozenset(
    "facebook.com twitter.com x.com linkedin.com pinterest.com instagram.com youtube.com "
    "youtu.be reddit.com whatsapp.com wa.me t.me telegram.me tumblr.com flipboard.com "
    "getpocket.com tiktok.com threads.net bsky.app mastodon.social vk.com weibo.com line.me "
    "addtoany.com sharethis.com google.com apple.com feedly.com medium.com github.com "
    "wikipedia.org archive.org".split()
)
"""Hosts of share buttons, social profiles and reference sites: off-site but not SEO targets."""
TEMPLATE_CONTAINERS = frozenset({"nav", "aside"})
PAGE_FRAME = frozenset({"header", "footer"})
"""Containers that are template unless they sit inside the article (`<article><header>`)."""
TEMPLATE_HINTS = frozenset(
    "nav menu footer sidebar widget breadcrumb toolbar pagination share social cookie "
    "newsletter modal login search skip comment related tags ad promo sponsor".split()
)
MENU_HINTS = frozenset("nav menu header footer sidebar widget toolbar modal disclosure".split())
"""Furniture and UI a reader opens (menus, modals, accordions and FAQ answers): their hidden
links to several sites are not spam by that alone (commercial words still are)."""
CODE_TAGS = frozenset({"pre"})

_WORD = re.compile(r"[^\W\d_]{2,}")
_TERM = re.compile(r"\w+(?:[-'’]\w+)*")
_TITLE_SEP = re.compile(r"\s*(?:[|•·»«~]|::|(?<!\d):(?!\d)|\s[-–—]+\s|[–—]+)\s*")
_TITLE_SEP_CORE = re.compile(r"[|•·»«~:\-–—]")
"""A character every `_TITLE_SEP` match holds (`spamdet.separators`)."""
_ALNUM = re.compile(r"[\W_]+")


@cache
def _list(name: str) -> frozenset[str]:
    return frozenset(read_list(name))


def markup_signal(label: str) -> Callable[[Callable[[MarkupView], float]],
                                          Callable[[MarkupView], float]]:
    """Register a markup signal under its function name, with the label it gives."""

    def register(fn: Callable[[MarkupView], float]) -> Callable[[MarkupView], float]:
        MARKUP_SIGNALS[fn.__name__] = fn
        MARKUP_LABELS[fn.__name__] = label
        return fn

    return register


def words_of(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(compose(text))]


def stem(word: str) -> str:
    """A crude stem for topic checks: `casinos`, `casino` -> `casin`; `crypto`,
    `cryptocurrency` -> `crypt`; `loans`, `loan` -> `loan`."""
    return (word[:-1] if len(word) > 4 and word.endswith("s") else word)[:5]


def is_template(markup: Markup) -> bool:
    """Template furniture: navigation, page header/footer, sidebars, forms, widgets."""
    containers = markup.containers
    if TEMPLATE_CONTAINERS.intersection(containers):
        return True
    for n, container in enumerate(containers):
        if container in PAGE_FRAME and not {"article", "main"}.intersection(containers[:n]):
            return True
    return bool(TEMPLATE_HINTS.intersection(markup.hints))


def offsite(links: Sequence[Link]) -> list[Link]:
    """Links to another site that is not a share button, profile or reference site."""
    return [link for link in links if link.external and link.host not in SHARE_HOSTS]


def title_chunks(text: str) -> list[tuple[int, int]]:
    """Spans of a title's chunks between separators (`Brand: Headline | Site`)."""
    spans, start = [], 0
    for match in matches(_TITLE_SEP, _TITLE_SEP_CORE, text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def names_site(chunk: str, site: Site | None) -> bool:
    """True when a title chunk is the site's own name (`| WIRED` on wired.com, `SCMP`)."""
    if site is None:
        return False
    squashed = _ALNUM.sub("", chunk.lower())
    if not squashed:
        return False
    if any(_ALNUM.sub("", name) == squashed for name in site.names):
        return True
    words = [w for w in words_of(chunk) if len(w) >= 3]
    initials = "".join(w[0] for w in words_of(chunk))
    full = (site.url or "").lower().split("//")[-1].split("/")[0]
    for host in {h.split(".")[0] for h in (*site.hosts, site.host) if h}:
        if len(host) >= 3 and (host in squashed or squashed in host):
            return True
        if len(initials) >= 2 and initials == host:
            return True
    return bool(words) and full != "" and sum(w in full for w in words) * 2 >= len(words)


@dataclass(frozen=True)
class MarkupContext:
    """One HTML page seen by the markup signals: words per block, the article's vocabulary,
    the rest of the page's text (`elsewhere`: titles and list items excluded, as a related
    list is where a brand is repeated), and off-site links per list.

    What every block of a list (or every word of a block) would ask again is answered once
    per page (`farm_groups`) or once per block (`_own_stems`): a link farm of n items would
    otherwise cost n² checks."""

    page: Page
    lexicon: Lexicon | None
    words: tuple[tuple[str, ...], ...]
    article: Counter[str]
    stems: Counter[str]
    elsewhere: str
    group_links: dict[int, tuple[Link, ...]]
    furniture: str = ""
    """Text of the page's frame, lower-cased: template blocks (header, footer, sidebars)
    and short unlinked blocks outside the article (a table layout's masthead and footer
    line), list items left out. Where a site names itself; not the article or its lists of
    other stories, where an injected brand is repeated."""
    _own: dict[int, Counter[str]] = field(default_factory=dict, init=False, repr=False,
                                          compare=False)

    @classmethod
    def build(cls, page: Page, lexicon: Lexicon | None = None) -> MarkupContext:
        words = tuple(tuple(words_of(seg.text)) for seg in page.segments)
        article: Counter[str] = Counter()
        rest: list[str] = []
        frame: list[str] = []
        groups: dict[int, list[Link]] = {}
        headline: Counter[str] = Counter()
        for seg, markup, seg_words in zip(page.segments, page.markup, words, strict=True):
            if markup.links:
                groups.setdefault(markup.group, []).extend(offsite(markup.links))
            if markup.tag == "h1" and seg.role == "title":
                headline.update(seg_words)
            if not markup.visible or markup.tag in ("title", "h1"):
                continue
            listed = is_listed(seg, markup)
            if not listed:
                rest.append(seg.text.lower())
            in_article = is_article(seg_words, markup)
            if not listed and (is_template(markup) or not (
                    markup.links or in_article or _coined_in_article(seg_words, markup, lexicon))):
                frame.append(rest[-1])
            if in_article:
                article.update(_unlinked_words(seg.text, markup))
        article.update(headline)
        stems: Counter[str] = Counter()
        for word, count in article.items():
            stems[stem(word)] += count
        return cls(page, lexicon, words, article, stems, "\n".join(rest),
                   {g: tuple(links) for g, links in groups.items()}, "\n".join(frame))

    def english(self) -> bool:
        """True when the lexicon (English) knows at least `ENGLISH_MIN_KNOWN` of the words
        of the page's article (of all its words, if it has no article blocks)."""
        if self.lexicon is None:
            return True
        counts = self.article or Counter(w for ws in self.words for w in ws)
        total = sum(counts.values())
        known = sum(n for w, n in counts.items() if w in self.lexicon.rarity)
        return total == 0 or known >= ENGLISH_MIN_KNOWN * total

    def unknown(self, word: str) -> bool:
        """True for a word the lexicon has never seen (coined brands are)."""
        return self.lexicon is not None and word not in self.lexicon.rarity

    def offtopic(self, word: str, index: int = -1) -> bool:
        """True when the article (its headline included, block `index` left out, so that a
        block cannot vouch for itself) uses the word's stem fewer than `OFFTOPIC_MAX_COUNT`
        times; a crypto word is on topic in a story that uses crypto words that often
        (`bitcoin`, `blockchain`: a story on Coinbase may say `cryptocurrency` once)."""
        key = stem(word)
        count = self.stems[key]
        if index >= 0 and count:
            count -= self._own_stems(index)[key]
        if count < OFFTOPIC_MAX_COUNT and word in _list("crypto"):  # crypto news, any word
            count = sum(self.article[w] for w in _list("crypto"))
        return count < OFFTOPIC_MAX_COUNT

    def _own_stems(self, index: int) -> Counter[str]:
        """Stems block `index` adds to the article's counts (none if it is not article text),
        counted on the first ask: `offtopic` asks once per commercial word of the block."""
        own = self._own.get(index)
        if own is None:
            seg, markup = self.page.segments[index], self.page.markup[index]
            inside = is_article(self.words[index], markup) and markup.visible
            unlinked = _unlinked_words(seg.text, markup) if inside else []
            own = self._own[index] = Counter(stem(w) for w in unlinked)
        return own

    @cached_property
    def farm_groups(self) -> frozenset[int]:
        """Lists whose off-site links together make a link farm, judged once per page
        rather than once per item."""
        return frozenset(group for group, links in self.group_links.items()
                         if _farm(links, self))

    def commercial(self, words: Sequence[str], index: int = -1) -> int:
        """How many of `words` are off-topic commercial words (casino, pharmacy, loans, ...)
        for the page, leaving out block `index` when judging the topic."""
        commercial = _list("commercial")
        if commercial.isdisjoint(words):  # most blocks: no commercial word at all
            return 0
        return sum(self.offtopic(w, index) for w in words if w in commercial)


def _coined_in_article(words: Sequence[str], markup: Markup, lexicon: Lexicon | None) -> bool:
    """A short block inside the `<article>` with a word English has never seen (`<div>Komari
    </div>` between paragraphs): a name pushed into the story, not the page's frame, which
    may not vouch for the title's chunks as the site's name."""
    return lexicon is not None and "article" in markup.containers and any(
        map(lexicon.coined_name, words))


def is_listed(seg: Segment, markup: Markup) -> bool:
    """A line of a list: an `<li>` (one of a dozen words reads as a paragraph) or a block read
    as a list item (`• …`). A related list is where a brand is repeated, not where the page
    vouches for it."""
    return markup.tag == "li" or seg.role == "list_item"


def is_article(words: Sequence[str], markup: Markup) -> bool:
    """A block of the article's own text: long enough, and not template furniture."""
    return (len(words) >= ARTICLE_MIN_WORDS and markup.tag not in ("title", "h1")
            and not markup.tag.startswith("meta:") and not is_template(markup))


def _unlinked_words(text: str, markup: Markup) -> list[str]:
    """A block's words outside its links, so an injected anchor cannot vouch for itself."""
    for link in markup.links:
        text = text.replace(link.text, " ", 1)
    return words_of(text)


class MarkupView:
    """One block of an HTML page, with its markup and its page. Read-only by convention, a
    plain slots class: one is built per block and read by every markup signal, so its
    fields are looked up once, not on each read."""

    __slots__ = ("ctx", "index", "seg", "markup", "words")

    def __init__(self, ctx: MarkupContext, index: int) -> None:
        self.ctx, self.index = ctx, index
        self.seg: Segment = ctx.page.segments[index]
        self.markup: Markup = ctx.page.markup[index]
        self.words: tuple[str, ...] = ctx.words[index]


def commercial_anchors(view: MarkupView) -> list[Link]:
    """Off-site links of the block whose anchor text carries an off-topic commercial word."""
    return [link for link in offsite(view.markup.links)
            if view.ctx.commercial(words_of(link.text), view.index)]


def _is_prose(view: MarkupView) -> bool:
    markup = view.markup
    return (markup.visible and len(view.words) >= ANCHOR_PROSE_WORDS
            and markup.link_chars <= PROSE_LINK_SHARE * len(view.seg.text))


def _farm(links: Sequence[Link], ctx: MarkupContext) -> bool:
    if len(links) < LINK_FARM_MIN_LINKS or len({link.host for link in links}) < LINK_FARM_MIN_HOSTS:
        return False
    commercial = sum(bool(ctx.commercial(words_of(link.text))) for link in links)
    return commercial >= LINK_FARM_COMMERCIAL_SHARE * len(links)


# --- contamination -------------------------------------------------------------------------


@markup_signal("promo")
def hidden_links(view: MarkupView) -> float:
    """A block readers cannot see that carries off-site links or commercial words: for crawlers."""
    markup = view.markup
    if not markup.hidden or markup.tag.startswith("meta:"):
        return 0.0
    links = offsite(markup.links)
    commercial = view.ctx.commercial(view.words, view.index)
    if links and commercial:
        return 1.0
    if commercial >= HIDDEN_MIN_COMMERCIAL:
        return 1.0
    menu = MENU_HINTS.intersection(markup.hints) or is_template(markup)
    hosts = {link.host for link in links}
    return 1.0 if len(hosts) >= HIDDEN_MIN_LINKS and not menu else 0.0


@markup_signal("promo")
def link_farm(view: MarkupView) -> float:
    """Many off-site links to many hosts, with commercial anchors, in one block or one list."""
    markup = view.markup
    own = offsite(markup.links) if markup.links else ()
    if not own:
        return 0.0
    if _farm(own, view.ctx):
        return 1.0
    return 1.0 if markup.group in view.ctx.farm_groups else 0.0


@markup_signal("injection")
def commercial_anchor(view: MarkupView) -> float:
    """A paragraph of prose with an off-site link whose anchor sells what the article is not
    about (`best online casino` in a story on rail lines)."""
    if not _is_prose(view):
        return 0.0
    return 1.0 if commercial_anchors(view) else 0.0


@markup_signal("promo")
def keyword_stuffing(view: MarkupView) -> float:
    """One off-topic word repeated through a hidden block, or through a block that sells
    (`cheap pills, pills online, buy pills …`). A keyword list without commercial words in
    sight or in the head is the site's own SEO, not spam."""
    markup = view.markup
    if not markup.hidden and not view.ctx.commercial(view.words, view.index):
        return 0.0
    stop = _list("stopwords")
    terms = [t.lower() for t in _TERM.findall(compose(view.seg.text))]
    content = [t for t in terms if t.isalpha() and t not in stop and len(t) >= 3]
    if len(content) < STUFFING_MIN_WORDS:
        return 0.0
    word, top = Counter(content).most_common(1)[0]
    if top < STUFFING_MIN_REPEATS or top < STUFFING_SHARE * len(content):
        return 0.0
    return 1.0 if view.ctx.offtopic(word, view.index) else 0.0


@markup_signal("promo")
def meta_spam(view: MarkupView) -> float:
    """`<meta>` description or keywords selling what the page's text is not about. A
    description the article's own words make up is its summary (`…ordered 50 jets, betting
    that demand…`), however it uses a commercial word."""
    if not view.markup.tag.startswith("meta:") or _said_by_article(view):
        return 0.0
    return 1.0 if view.ctx.commercial(view.words, view.index) else 0.0


def _said_by_article(view: MarkupView) -> bool:
    """Whether the article uses all but a tenth of the block's words (at least eight)."""
    words = view.words
    return len(words) >= ARTICLE_MIN_WORDS and sum(
        1 for w in words if view.ctx.article[w]) >= META_SUMMARY_SHARE * len(words)


@markup_signal("injection")
def title_brand(view: MarkupView) -> float:
    """A short side chunk of the `<title>`, not in the headline, with a coined word (one
    English at large has never seen, `Lexicon.coined`; not merely one the training corpus
    never used, `Factbox`, `Bloomberg`) or a commercial one, that the rest of the page
    never says and that is not the site's own name (`Poinbank: Chinese minister visits … |
    Daily News`)."""
    return 1.0 if title_brand_spans(view) else 0.0


def title_brand_spans(view: MarkupView) -> list[tuple[int, int]]:
    """Offsets (in the segment) of the title chunks `title_brand` objects to."""
    if view.markup.tag != "title":
        return []
    text, ctx = view.seg.text, view.ctx
    if not ctx.english():
        return []
    pairs = zip(ctx.page.segments, ctx.page.markup, strict=True)
    headline = " ".join(s.text.lower() for s, m in pairs if m.tag == "h1" and s.role == "title")
    chunks = title_chunks(text)
    if len(chunks) < 2:
        return []
    main = max(chunks, key=lambda span: len(words_of(text[span[0] : span[1]])))
    found = []
    for start, end in chunks:
        chunk = text[start:end]
        words = words_of(chunk)
        if (start, end) == main or not words or len(words) > TITLE_SIDE_WORDS:
            continue
        if not chunk[0].isupper() or names_site(chunk, ctx.page.site):
            continue
        if chunk.lower() in headline or chunk.lower() in ctx.elsewhere or any(
                ctx.article[w] or w in ctx.elsewhere for w in words):
            continue
        lexicon = ctx.lexicon
        if lexicon is not None and not ctx.commercial(words) and not any(
                map(lexicon.coined_name, words)):
            continue
        found.append((start, end))
    return found


LONE_NAME_TAGS = frozenset({"p", "div"})
"""Blocks of the article's flow a template can push a bare brand into (`<p>Bravomint</p>`)."""
LONE_NAME_WORDS = 3
"""A lone name has at most this many words; more is a line of text."""
_BARE_NAME = re.compile(
    rf"(?<![\w'’&-])[A-Z][\w'’&-]*(?: [A-Z][\w'’&-]*){{0,{LONE_NAME_WORDS - 1}}}$")
"""Capitalised words and nothing else: no label (`Photo: …`, `Family: …`), no exclamation
(`Cowboom!`)."""
_DRAWN_OUT = re.compile(r"(\w)\1\1")
"""A letter three times over: an exclamation drawn out (`Arrrrgh`, `Noooo`), not a name."""
NAME_HINTS = frozenset({"byline", "author", "caption", "credit", "date", "tags"})
"""Class or id tokens of blocks made of names: bylines, credits, captions."""


@markup_signal("injection")
def lone_name(view: MarkupView) -> float:
    """A block of the article's flow (a paragraph or division inside the `<article>` or
    next to article text) that holds only a name of at most `LONE_NAME_WORDS` capitalised
    words, the first one coined (English at large has never seen it: `Bravomint`, `Trenquil
    Capital`; not a person, `Walter Quennick`, nor a field, `Publisher KrovixGames`), that
    the page says nowhere else outside its lists and that is not the site's
    (`<p>Bravomint</p>` before the story's first paragraph).
    Bylines and credits are marked as such, and a speaker named alone is named in the story
    too."""
    markup, ctx, text = view.markup, view.ctx, view.seg.text.strip()
    words = view.words
    if (markup.tag not in LONE_NAME_TAGS or not markup.visible or markup.links
            or not 0 < len(words) <= LONE_NAME_WORDS or ctx.lexicon is None
            or NAME_HINTS.intersection(markup.hints) or is_template(markup)
            or not _BARE_NAME.match(compose(text))):
        return 0.0
    lexicon, first = ctx.lexicon, words[0]
    if (len(first) < COINED_LETTERS or lexicon.web_of(first) > 0
            or first in lexicon.places or first in lexicon.outlets or _DRAWN_OUT.search(first)):
        return 0.0
    if any(ctx.article[w] for w in words) or ctx.elsewhere.count(text.lower()) > 1:
        return 0.0
    segments, marks = ctx.page.segments, ctx.page.markup
    beside = [j for j in (view.index - 1, view.index + 1) if 0 <= j < len(segments)]
    if "article" not in markup.containers and not any(
            is_article(ctx.words[j], marks[j]) for j in beside):
        return 0.0
    return 0.0 if names_site(text, ctx.page.site) or not ctx.english() else 1.0


# --- template furniture (residue) ----------------------------------------------------------


@markup_signal("residue")
def template_block(view: MarkupView) -> float:
    """Navigation, page header or footer, sidebar, form or widget (by element or class)."""
    markup = view.markup
    return 1.0 if not markup.tag.startswith("meta:") and is_template(markup) else 0.0


@markup_signal("residue")
def link_list(view: MarkupView) -> float:
    """A block that is (almost) all link text: menus, tag clouds, lists of other stories."""
    markup = view.markup
    if markup.tag in ("title", "h1") or markup.tag.startswith("meta:"):
        return 0.0
    return 1.0 if markup.link_chars >= LINK_LIST_SHARE * len(view.seg.text) else 0.0


def contamination_spans(name: str, view: MarkupView) -> list[tuple[int, int]]:
    """Offsets (in the segment) of what an `injection` markup signal points at."""
    if name == "title_brand":
        return title_brand_spans(view)
    if name == "lone_name":
        text = view.seg.text
        return [(len(text) - len(text.lstrip()), len(text.rstrip()))]
    if name == "commercial_anchor":
        text, spans = view.seg.text, []
        for link in commercial_anchors(view):
            at = text.find(link.text)
            if at >= 0:
                spans.append((at, at + len(link.text)))
        return spans
    return []
