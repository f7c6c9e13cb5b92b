"""HTML becomes a `Page`: visible text blocks in reading order, each with its markup context.

Parsed with selectolax's lexbor backend (measured against lxml in the README: about 1.8x
faster on the real pages, and it never refuses input). Each block becomes one segment
whose text is the block's words on one line; the page text is the blocks joined by `\\n`,
so segment offsets slice it exactly. Layout roles are those of text pages (the trained
model reads HTML pages unchanged): the `<title>` and the first `<h1>` are `title`, `<li>`
is `list_item`, other blocks get `parse.line_role`. What the markup adds (tag, semantic
containers, class/id hints, links, hidden-ness) goes into one `Markup` record per segment.
Head metadata (`<meta name=description|keywords>`) becomes segments too, marked as such,
so that spam in it can be reported with offsets like any other text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from spamdet.config import MAX_LINE_CHARS, MAX_SEGMENTS
from spamdet.ingest import OPAQUE_MARKUP
from spamdet.parse import SHORT_WORDS, cap_line, line_role, truncation_note
from spamdet.records import Document, Link, Markup, Page, Segment, Site, segments_cut
from spamdet.signals.markup import is_template

BLOCK_TAGS = frozenset(
    "address article aside blockquote br caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr legend li "
    "main menu nav ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
SKIP_TAGS = frozenset(
    "script style noscript template svg math iframe object embed canvas select textarea "
    "head video audio map".split()
)
HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())
SEMANTIC_TAGS = frozenset("nav header footer aside main article form figure".split())
ARIA_ROLES = {"navigation": "nav", "banner": "header", "contentinfo": "footer",
              "complementary": "aside", "main": "main", "article": "article",
              "search": "form", "menu": "nav", "menubar": "nav"}
HINT_WORDS = {
    # template furniture
    "nav": "nav", "navbar": "nav", "navigation": "nav", "menu": "menu", "menus": "menu",
    "submenu": "menu", "dropdown": "menu", "megamenu": "menu", "header": "header",
    "masthead": "header", "footer": "footer", "colophon": "footer", "sidebar": "sidebar",
    "widget": "widget", "widgets": "widget", "breadcrumb": "breadcrumb",
    "breadcrumbs": "breadcrumb", "toolbar": "toolbar", "pagination": "pagination",
    "pager": "pagination", "share": "share", "sharing": "share", "social": "social",
    "cookie": "cookie", "cookies": "cookie", "consent": "cookie", "gdpr": "cookie",
    "newsletter": "newsletter", "subscribe": "newsletter", "signup": "newsletter",
    "modal": "modal", "popup": "modal", "overlay": "modal", "login": "login",
    "accordion": "disclosure", "faq": "disclosure", "faqs": "disclosure",
    "collapse": "disclosure", "collapsible": "disclosure", "expandable": "disclosure",
    "disclosure": "disclosure",
    "search": "search", "skip": "skip", "comment": "comment", "comments": "comment",
    "respond": "comment", "disqus": "comment",
    # neighbours of the article
    "related": "related", "recommended": "related", "trending": "related",
    "popular": "related", "readmore": "related", "outbrain": "promo", "taboola": "promo",
    # article furniture
    "byline": "byline", "author": "byline", "authors": "byline", "caption": "caption",
    "credit": "caption", "credits": "caption", "figcaption": "caption", "tags": "tags",
    "dateline": "dateline", "timestamp": "date", "date": "date", "published": "date",
    # promotion
    "promo": "promo", "promotion": "promo", "promoted": "promo", "sponsor": "sponsor",
    "sponsored": "sponsor", "sponsors": "sponsor", "partner": "sponsor",
    "partners": "sponsor", "ad": "ad", "ads": "ad", "advert": "ad", "adverts": "ad",
    "advertisement": "ad", "advertising": "ad", "adsbygoogle": "ad", "affiliate": "sponsor",
    # the article itself: hints of the wrappers around it do not apply inside it
    "article": "article", "entry": "article", "story": "article", "post": "article",
}
CONTENT_MARKS = frozenset({"article", "main"})
"""Containers and hints that hold the article: class hints of elements around them (a
`with-sidebar` page wrapper) are not inherited inside."""
_ABSOLUTE = re.compile(r"^\s*(?:https?:)?//(?:[^@/?#]*@)?([^/:?#\s\\]+)", re.I)
_HINT_SPLIT = re.compile(r"[^a-zA-Z]+|(?<=[a-z])(?=[A-Z])")
_STYLE_DECL = re.compile(r"(?<![a-z-])([a-z-]+)\s*:\s*([^;]+)", re.I)
_LENGTH = re.compile(r"^(-?\d*\.?\d+)\s*(px|pt|em|rem|%|vw|vh)?", re.I)
_CSS_RULE = re.compile(r"(?<![^{}@])([^{}@]+)\{([^{}]*)\}")
# The lookbehinds keep the same matches (each starts where its run starts) but try each
# run once: without them a long run costs the square of its length.
_BRACE = re.compile(r"[{}]")
MAX_AT_RULE_DEPTH = 3
"""How deep `@layer` and `@media screen` blocks are read through (`@layer x { @media screen
{...} }`); rules nested deeper are skipped."""
_AT_RULE_END = re.compile(r"[{};]")
"""Where an at-rule's prelude ends: its block, or `;` (`@import x;`)."""
_SCREEN_QUERY = re.compile(r"(?:only\s+)?(?:screen|all)", re.I)
"""A media query that holds on every screen (`screen`, `only screen`, `all`): no size test."""
_SIMPLE_SELECTOR = re.compile(r"^([a-z0-9]*)([.#])([\w-]+)$", re.I)
_COMPOUND = r"([a-z][a-z0-9]*|[a-z0-9]*[.#][\w-]+)"
_SCOPED_SELECTOR = re.compile(rf"^{_COMPOUND}(\s*>\s*|\s+){_COMPOUND}$", re.I)
"""Two simple compounds (`tag`, `.class`, `#id`, `tag.class`) joined by a descendant or child
combinator: `.footer-links a`, `div.seo > a`."""
_TAG_PART = re.compile(r"^[a-z0-9]*", re.I)
_SHOWS = re.compile(r"display\s*:\s*(?!none)[a-z]|visibility\s*:\s*visible", re.I)
"""A style that shows an element: it overrides a stylesheet rule that hides it."""
_VISIBLE = re.compile(r"visibility\s*:\s*visible", re.I)
_SHORT_HEX = re.compile(r"^#([0-9a-f])([0-9a-f])([0-9a-f])$")
_NAMED_COLOURS = {"white": "#ffffff", "black": "#000000", "red": "#ff0000",
                  "transparent": "transparent"}

TINY_FONT_PX = 2.0
"""A font size at or below this many pixels (or 0.2 em, 20 %) hides text."""
OFFSCREEN_PX = 500.0
"""Positioned this many pixels or more off the left or top edge is off-screen."""
LINK_HOST_SHARE = 0.3
LINK_HOST_MIN = 5
"""Without a page URL, the host of at least this share of the visible absolute links, and of
at least `LINK_HOST_MIN` of them, is the site's own (one linked brand is not the site)."""
MAX_NESTING = 1000
"""Block elements nested deeper than this are unwrapped before parsing (browsers cap depth too)."""
_OPAQUE = re.compile(OPAQUE_MARKUP, re.I | re.S)
_NESTING_TAG = re.compile(
    r"<(/?)(?=[abcdfhlmnopstu])(?:d(?:iv|l|etails|ialog|ir)|[uo]l|s(?:ection|ummary)|"
    r"a(?:rticle|side|ddress)|nav|h(?:eader|group|[1-6])|f(?:ooter|ieldset|ig(?:caption|ure)|orm)|"
    r"m(?:ain|enu)|blockquote|center|pre|listing|table)(?=[\s/>])", re.I)
"""An opening or closing block element that nests (div ul ol dl section article aside nav
header footer main blockquote center details dialog dir fieldset figcaption figure hgroup
menu summary address form h1-h6 pre listing table), its names grouped by first letter: the
engine tries one branch per `<`, not thirty (twice as fast on real pages)."""
_TAG_CHARS = 10_000
"""How far a tag's closing `>` is looked for when the tag is removed."""
MAX_ATTRIBUTES = 1000
"""A tag with more attributes than this loses them all before parsing: the parser's time
grows with the square of a tag's distinct attribute names (40,000 took 5 s)."""
_LONG_TAG = re.compile(r"<([A-Za-z][^\s<>/]*)[\s/][^<>]{16384,}(?:>|$)")
"""An opening tag whose attributes run over 16 KB: a data URI, or thousands of attributes
(split by spaces or, as the parser also reads them, by `/`)."""
_ATTRIBUTE = re.compile(r"""[\s/][^\s=/>"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']*))?""")
"""One attribute of a tag, with its value if it has one."""


class _Ctx:
    """What an element passes to its children while the tree is walked (plain slots class:
    built once per significant element, so it must be cheap)."""

    __slots__ = ("block", "containers", "hints", "hidden", "colour", "background", "link",
                 "elem", "group", "scope")

    def __init__(self, block: str, containers: tuple[str, ...], hints: tuple[str, ...],
                 hidden: str, colour: str, background: str, link: int, elem: int,
                 group: int, scope: tuple[str, ...]) -> None:
        self.block, self.containers, self.hints, self.hidden = block, containers, hints, hidden
        self.colour, self.background, self.link = colour, background, link
        self.elem, self.group, self.scope = elem, group, scope


_ROOT = _Ctx("body", (), (), "", "", "", -1, 0, 0, ())
_PLAIN_INLINE = frozenset("span b i em strong small u s sub sup font abbr cite code q time "
                          "mark label img wbr".split())


class Block(NamedTuple):
    """One block of text as found in the tree, before it becomes a segment (a named tuple:
    a page has hundreds, and a frozen dataclass takes 3x as long to build)."""

    text: str
    tag: str
    containers: tuple[str, ...]
    hints: tuple[str, ...]
    hidden: str
    links: tuple[tuple[str, str], ...]
    link_chars: int
    group: int


@lru_cache(maxsize=4096)
def hint_tokens(raw: str) -> tuple[str, ...]:
    """The hint words (`HINT_WORDS`) in a class/id string, canonical and in order."""
    found: list[str] = []
    for tok in _HINT_SPLIT.split(raw):
        hint = HINT_WORDS.get(tok.lower())
        if hint and hint not in found:
            found.append(hint)
    return tuple(found)


def _length_px(value: str) -> float | None:
    """A CSS length in pixels (em/rem as 16 px, % of 16 px); None when it is not a length."""
    match = _LENGTH.match(value.strip())
    if not match:
        return None
    number, unit = float(match.group(1)), (match.group(2) or "px").lower()
    return number * {"px": 1.0, "pt": 1.33, "em": 16.0, "rem": 16.0, "%": 0.16}.get(unit, 10.0)


def _colour(value: str) -> str:
    value = value.strip().lower().replace(" ", "").split("!")[0]
    short = _SHORT_HEX.match(value)
    if short:
        value = "#" + "".join(c * 2 for c in short.groups())
    return _NAMED_COLOURS.get(value, value)


_OFFSETS = frozenset({"left", "top", "text-indent", "margin-left", "margin-top"})
"""Properties that move an element off-screen when far below zero."""
TINY_BOX_PX = 1.0
"""A box this many pixels high or wide, or less, whose overflow is hidden shows nothing."""
_BOX_AXES = (("height", "overflow-y", ("padding", "padding-top", "padding-bottom")),
             ("width", "overflow-x", ("padding", "padding-left", "padding-right")))
"""Per axis: the size, the overflow that clips along it, and the paddings that add to it."""


def _tiny_box(value: str) -> bool:
    """Is a height or width 0 (any unit) or at most `TINY_BOX_PX` pixels? (A `%` of an
    unknown parent is not tiny.)"""
    match = _LENGTH.match(value)
    if not match:
        return False
    number, unit = float(match.group(1)), (match.group(2) or "px").lower()
    return number == 0 or (unit == "px" and 0 <= number <= TINY_BOX_PX)


def _zero(value: str) -> bool:
    match = _LENGTH.match(value)
    return match is not None and float(match.group(1)) == 0


def _collapsed(decls: dict[str, str]) -> bool:
    """A box at most 1 px high or wide that hides its overflow (`height:1px;overflow:hidden`),
    with no padding to give it room (a `height:0;padding-bottom:56%` video frame shows)."""
    overflow = decls.get("overflow", "")
    for size, overflow_axis, paddings in _BOX_AXES:
        if not (overflow.startswith(("hidden", "clip"))
                or decls.get(overflow_axis, "").startswith(("hidden", "clip"))):
            continue
        if not any(_tiny_box(decls[p]) for p in (size, "max-" + size) if p in decls):
            continue
        if all(_zero(part) for p in paddings if p in decls
               for part in decls[p].split("!")[0].split()):
            return True
    return False


_CLIPPING = frozenset({"overflow", "overflow-x", "overflow-y", "clip", "clip-path"})
"""Properties one of which a box needs to hide its content by size or clipping."""
_CLIP_RECT = re.compile(r"rect\(([^)]*)\)")
_CLIP_INSET = re.compile(r"inset\(\s*(\d+(?:\.\d+)?)%")


def _clipped(decls: dict[str, str], positioned: bool) -> bool:
    """Is nothing of the box left by `clip: rect(0 0 0 0)` (1 px or less, on a positioned
    box) or `clip-path: inset(50%)`?"""
    rect = _CLIP_RECT.match(decls.get("clip", ""))
    if rect and positioned:
        sides = [_length_px(v) for v in rect.group(1).replace(",", " ").split()]
        if len(sides) == 4 and None not in sides:
            top, right, bottom, left = sides
            if bottom - top <= TINY_BOX_PX or right - left <= TINY_BOX_PX:  # type: ignore[operator]
                return True
    inset = _CLIP_INSET.match(decls.get("clip-path", ""))
    return inset is not None and float(inset.group(1)) >= 50


@lru_cache(maxsize=4096)
def style_hidden(style: str) -> tuple[str, str, str]:
    """Why an inline style hides its element (or ""), and its text and background colours."""
    decls = {k.lower(): v.strip().lower() for k, v in _STYLE_DECL.findall(style)}
    colour = _colour(decls["color"]) if "color" in decls else ""
    background = decls.get("background-color") or decls.get("background", "")
    background = _colour(background.split()[0]) if background.split() else ""
    if decls.get("display", "").startswith("none"):
        return "display_none", colour, background
    if decls.get("visibility", "").startswith(("hidden", "collapse")):
        return "visibility_hidden", colour, background
    if "opacity" in decls and _length_px(decls["opacity"]) == 0:
        return "opacity_zero", colour, background
    size = _length_px(decls["font-size"]) if "font-size" in decls else None
    if size is not None and size <= TINY_FONT_PX:
        return "tiny_font", colour, background
    positioned = decls.get("position", "").split("!")[0].strip() in ("absolute", "fixed")
    for prop in _OFFSETS.intersection(decls):
        offset = _length_px(decls[prop])
        if offset is not None and offset <= -OFFSCREEN_PX and (
            positioned or prop in ("text-indent", "margin-left", "margin-top")
        ):
            return "offscreen", colour, background
    if _CLIPPING.intersection(decls):
        if _collapsed(decls):
            return "collapsed", colour, background
        if _clipped(decls, positioned):
            return "clipped", colour, background
    return "", colour, background


def _read_through(prelude: str) -> bool:
    """Are an at-rule's rules read as if top-level: a cascade `@layer` (which only orders
    rules), or an `@media` that holds on every screen (`screen`, `only screen`, `all`, in a
    list with others)? Not print, a size test, `@supports`, `@font-face`, ..."""
    parts = prelude.split(None, 1)
    name = parts[0].lower() if parts else ""
    if name == "layer":
        return True
    return len(parts) == 2 and name == "media" and any(
        _SCREEN_QUERY.fullmatch(query.strip()) for query in parts[1].split(","))


def _block_end(css: str, start: int) -> int:
    """Where the `}` closing a block opened just before `start` stands (the end if none)."""
    depth = 1
    for brace in _BRACE.finditer(css, start):
        depth += 1 if brace.group() == "{" else -1
        if depth == 0:
            return brace.start()
    return len(css)


def _top_level_rules(css: str, depth: int = 0) -> str:
    """`css` without its at-rules, each skipped whole however deep its blocks nest, except
    those read through (`_read_through`: `@layer`, `@media screen`), whose rules are read
    as top-level, up to `MAX_AT_RULE_DEPTH` deep. Linear: each character is read at most
    `MAX_AT_RULE_DEPTH + 1` times."""
    pieces, last, pos = [], 0, 0
    while (at := css.find("@", pos)) >= 0:
        found = _AT_RULE_END.search(css, at)
        if found is None:
            break
        if found.group() == ";":  # a statement (`@import x;`)
            pieces += [css[last:at], " "]
            last = pos = found.end()
            continue
        if found.group() == "}":  # an `@` inside a declaration
            pos = found.end()
            continue
        close = _block_end(css, found.end())
        pieces += [css[last:at], " "]
        if depth < MAX_AT_RULE_DEPTH and _read_through(css[at + 1 : found.start()]):
            pieces += [_top_level_rules(css[found.end() : close], depth + 1), " "]
        last = pos = close + 1
    pieces.append(css[last:])
    return "".join(pieces)


def _without_comments(css: str) -> str:
    """`css` with its `/* comments */` (an unclosed one runs to the end, as in browsers) and
    the `<!--`/`-->` that old pages wrap a stylesheet in made spaces: a comment before a rule
    would stick to its selector."""
    if "/*" in css:
        pieces, pos = [], 0
        while (start := css.find("/*", pos)) >= 0:
            pieces += [css[pos:start], " "]
            end = css.find("*/", start + 2)
            pos = end + 2 if end >= 0 else len(css)
        pieces.append(css[pos:])
        css = "".join(pieces)
    if "<!--" in css or "-->" in css:
        css = css.replace("<!--", " ").replace("-->", " ")
    return css


def _tag_of(compound: str) -> str:
    """The tag a compound starts with (`div` of `div.seo`; "" for `.seo`)."""
    return _TAG_PART.match(compound).group()  # type: ignore[union-attr]


def _compound_key(compound: str) -> str:
    """A compound as `_Scoped` looks it up: the tag in lower case, class and id as written."""
    tag = _tag_of(compound)
    return tag.lower() + compound[len(tag):]


def stylesheet_hiding(css: str) -> dict[str, str]:
    """`.class` / `#id` selectors (`tag.class` for one tag) that a `<style>` block hides,
    outside `@media` rules or in those for every screen, and "" for those a later rule shows
    again; two compounds (`.links a`, `div.seo>a`) are keyed with one space or `>`."""
    hiding: dict[str, str] = {}
    for selectors, body in _CSS_RULE.findall(_top_level_rules(_without_comments(css))):
        reason = style_hidden(body)[0]
        if not reason and not _SHOWS.search(body):
            continue
        for selector in selectors.split(","):
            selector = selector.strip()
            match = _SIMPLE_SELECTOR.match(selector)
            if match:  # a later rule that shows the element again wins: ""
                hiding[match.group(1).lower() + match.group(2) + match.group(3)] = reason
            elif match := _SCOPED_SELECTOR.match(selector):
                outer, combinator, inner = match.groups()
                join = ">" if ">" in combinator else " "
                hiding[_compound_key(outer) + join + _compound_key(inner)] = reason
    return hiding


def registrable(host: str) -> str:
    """`www.news.example.co.uk` -> `example.co.uk`: the part a site owns (no suffix list)."""
    labels = host.lower().strip(".").split(".")
    if len(labels) <= 2:
        return ".".join(labels)
    if len(labels[-1]) == 2 and len(labels[-2]) <= 3:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def host_of(href: str) -> str:
    """The registrable host of an absolute http(s) or protocol-relative link, else ""."""
    match = _ABSOLUTE.match(href)
    if match is None:
        return ""
    netloc = match.group(1).lower().rstrip(".")
    return _registrable(netloc) if "." in netloc else ""


@lru_cache(maxsize=8192)
def _registrable(netloc: str) -> str:
    return registrable(netloc)


class _Scoped:
    """Stylesheet rules of two compounds (`.footer-links a`, `div.seo > a`) indexed for the
    walk. An element's scope lists the outer compounds its ancestors match, and, marked `>`
    and last, those its parent matches; only pages with such rules carry one, and an element
    none of whose tag, classes or id is in a compound costs a few set lookups."""

    __slots__ = ("rules", "outers", "tags", "words")

    def __init__(self, hiding: dict[str, str]) -> None:
        self.rules: dict[str, list[tuple[str, str]]] = {}
        """inner compound -> (the scope entry it needs, why it hides)"""
        self.outers: set[str] = set()
        self.tags: set[str] = set()
        """Compounds that are a bare tag (`ul ul`): elements without attributes match them."""
        self.words: set[str] = set()
        """The classes and ids named in compounds."""
        for key, reason in hiding.items():
            if not reason:  # a rule that shows (the last word on its selector) hides nothing
                continue
            outer, join, inner = key.partition(">") if ">" in key else key.partition(" ")
            self.rules.setdefault(inner, []).append((">" + outer if join == ">" else outer,
                                                     reason))
            self.outers.add(outer)
            for compound in (outer, inner):
                tag = _tag_of(compound)
                if tag == compound:
                    self.tags.add(tag)
                else:
                    self.words.add(compound[len(tag) + 1:])

    def sees(self, tag: str, scope: tuple[str, ...]) -> bool:
        """Can an element without attributes match a rule or change its children's scope?"""
        return tag in self.tags or (bool(scope) and scope[-1][0] == ">")

    def enter(self, tag: str, names: str, ident: str | None, scope: tuple[str, ...]
              ) -> tuple[tuple[str, ...], str]:
        """The scope an element passes to its children, and why a rule hides it ("" if none)."""
        split = names.split()
        words = self.words
        if not (tag in self.tags or (ident is not None and ident in words)
                or (split and not words.isdisjoint(split))):
            if scope and scope[-1][0] == ">":  # the parent's matches are not the grandparent's
                return tuple(entry for entry in scope if entry[0] != ">"), ""
            return scope, ""
        keys = [tag]
        for name in split:
            keys += (f".{name}", f"{tag}.{name}")
        if ident:
            keys += (f"#{ident}", f"{tag}#{ident}")
        reason = ""
        for key in keys:
            for needed, why in self.rules.get(key, ()):
                if not reason and needed in scope:
                    reason = why
        own = [key for key in keys if key in self.outers]
        if own or (scope and scope[-1][0] == ">"):
            kept = [entry for entry in scope if entry[0] != ">"]
            scope = (*kept, *(key for key in own if key not in kept), *(">" + k for k in own))
        return scope, reason


class _Walker:
    """Walks a parsed tree once, in document order, collecting blocks of text with context."""

    def __init__(self, hiding: dict[str, str]) -> None:
        self.hiding = {k: v for k, v in hiding.items() if " " not in k and ">" not in k}
        self.scoped = _Scoped(hiding) if len(self.hiding) < len(hiding) else None
        self.blocks: list[Block] = []
        self.hrefs: dict[int, str] = {}
        self.ordinal = 0
        self._parts: list[str] = []
        self._ctx: _Ctx | None = None
        self._links: dict[int, list[str]] = {}

    def flush(self) -> None:
        ctx = self._ctx
        if ctx is not None:
            text = " ".join("".join(self._parts).split())
            if text:
                links, link_chars = [], 0
                for key, parts in self._links.items():
                    anchor = " ".join("".join(parts).split())
                    if anchor:
                        links.append((self.hrefs[key], anchor))
                        link_chars += len(anchor)
                self.blocks.append(Block(text, ctx.block, ctx.containers, ctx.hints, ctx.hidden,
                                         tuple(links), min(link_chars, len(text)), ctx.group))
            self._parts, self._ctx, self._links = [], None, {}

    def add_text(self, text: str, ctx: _Ctx) -> None:
        if self._ctx is None:
            if text.isspace():
                return
            self._ctx = ctx
        self._parts.append(text)
        if ctx.link >= 0:
            self._links.setdefault(ctx.link, []).append(text)

    def add_lines(self, text: str, ctx: _Ctx) -> None:
        """Preformatted text (`<pre>`): each of its lines ends a block, as `<br>` does."""
        first, *rest = text.split("\n")
        self.add_text(first, ctx)
        for line in rest:
            self.flush()
            self.add_text(line, ctx)

    def enter(self, node: LexborNode, tag: str, ctx: _Ctx) -> _Ctx:
        """The context `node` passes to its children (the parent's, if nothing changes)."""
        self.ordinal = ordinal = self.ordinal + 1
        attrs, scoped = node.attributes, self.scoped
        if not attrs and tag in _PLAIN_INLINE and (scoped is None
                                                   or not scoped.sees(tag, ctx.scope)):
            return ctx
        block, containers, hints, group = ctx.block, ctx.containers, ctx.hints, ctx.group
        hidden, colour, background, link = ctx.hidden, ctx.colour, ctx.background, ctx.link
        if tag in BLOCK_TAGS:
            block, group = tag, ctx.elem
        if tag in SEMANTIC_TAGS:
            containers = (*containers, tag)
            if tag in CONTENT_MARKS:
                hints = ()
        if not attrs and (scoped is None or not scoped.sees(tag, ctx.scope)):
            return _Ctx(block, containers, hints, hidden, colour, background, link, ordinal,
                        group, ctx.scope)
        role = attrs.get("role")
        if role:
            container = ARIA_ROLES.get(role.strip().lower())
            if container and container not in containers:
                containers = (*containers, container)
                if container in CONTENT_MARKS:
                    hints = ()
        names = attrs.get("class") or ""
        ident = attrs.get("id")
        if names or ident:
            own = hint_tokens(f"{names} {ident}" if ident else names)
            if own:
                if CONTENT_MARKS.intersection(own):
                    hints = ()
                hints = (*hints, *(h for h in own if h not in hints))
        if not hidden and "hidden" in attrs:  # (`aria-hidden` text is on screen: not hidden)
            hidden = "hidden_attr"
        style = attrs.get("style")
        if style:
            if hidden == "visibility_hidden" and _VISIBLE.search(style):
                hidden = ""  # `visibility` is inherited, and a child may show itself again
            reason, own_colour, own_bg = style_hidden(style)
            colour, background = own_colour or colour, own_bg or background
            hidden = hidden or reason
            if not hidden and colour and colour == background and colour != "transparent":
                hidden = "same_colour"
        if (not hidden and self.hiding and (names or ident)
                and not (style and _SHOWS.search(style))):  # an inline style wins
            hidden = self._sheet_hidden(tag, names, ident)
        scope = ctx.scope
        if scoped is not None:
            scope, reason = scoped.enter(tag, names, ident, scope)
            if not hidden and reason and not (style and _SHOWS.search(style)):
                hidden = reason
        if tag == "a":
            href = (attrs.get("href") or "").strip()
            if href and not href[:11].lower().startswith(("javascript:", "mailto:", "tel:")):
                link = ordinal
                self.hrefs[link] = href
        return _Ctx(block, containers, hints, hidden, colour, background, link, ordinal, group,
                    scope)

    def _sheet_hidden(self, tag: str, names: str, ident: str | None) -> str:
        hiding = self.hiding
        for name in names.split():
            reason = hiding.get(f"{tag}.{name}", hiding.get("." + name))
            if reason:
                return reason
        if not ident:
            return ""
        return hiding.get(f"{tag}#{ident}", hiding.get("#" + ident, ""))

    def walk(self, root: LexborNode) -> None:
        """Depth first, in document order, without recursion (pages nest thousands deep).

        A popped node pushes its next sibling (with the context they share) before its own
        content, so that no list of children is built."""
        stack: list[tuple[LexborNode | None, _Ctx]] = []
        pop, push, add_text, enter = stack.pop, stack.append, self.add_text, self.enter
        child = root.child
        if child is not None:
            push((child, _ROOT))
        while stack:
            node, ctx = pop()
            if node is None:  # leaving a block, or an element that hides its content
                self.flush()
                continue
            sibling = node.next
            if sibling is not None:
                push((sibling, ctx))
            tag = node.tag
            if tag == "-text":
                text = node.text_content or ""
                if ctx.block == "pre" and "\n" in text:
                    self.add_lines(text, ctx)
                else:
                    add_text(text, ctx)
                continue
            if not tag or tag in SKIP_TAGS or tag[0] == "-":
                continue
            inner = enter(node, tag, ctx)
            if tag in BLOCK_TAGS or inner.hidden != ctx.hidden:
                self.flush()
                push((None, inner))
            child = node.child
            if child is not None:
                push((child, inner))


def _meta(tree: LexborHTMLParser) -> dict[str, str]:
    """`<meta>` name/property -> content (first wins), and canonical link as `canonical`."""
    found: dict[str, str] = {}
    head = tree.head
    if head is None:
        return found
    for node in head.css("meta[content], link[rel][href]"):
        attrs = node.attributes
        if node.tag == "link":
            if "canonical" in (attrs.get("rel") or "").lower().split():
                found.setdefault("canonical", (attrs.get("href") or "").strip())
            continue
        key = (attrs.get("name") or attrs.get("property") or "").strip().lower()
        if key:
            found.setdefault(key, " ".join((attrs.get("content") or "").split()))
    return found


def _site(url: str | None, meta: dict[str, str], blocks: Iterable[Block]) -> Site:
    """The page's address, its own host, and the names the site goes by."""
    given = (url, meta.get("canonical"), meta.get("og:url"))
    hosts = tuple(dict.fromkeys(h for u in given if u and (h := host_of(u))))
    url = url or meta.get("canonical") or meta.get("og:url") or None
    host = hosts[0] if hosts else ""
    if not host:  # a guess from the links a reader sees: a hidden one is no evidence
        counts = Counter(h for b in blocks if not b.hidden for href, _ in b.links
                         if (h := host_of(href)))
        if counts:
            top, count = counts.most_common(1)[0]
            if count >= max(LINK_HOST_MIN, LINK_HOST_SHARE * sum(counts.values())):
                host = top
    names = [meta.get(k, "") for k in ("og:site_name", "application-name",
                                          "apple-mobile-web-app-title", "twitter:site")]
    if host:
        names.append(host.split(".")[0])
    clean = [n.lower().lstrip("@").strip() for n in names]
    own = hosts or ((host,) if host else ())
    return Site(url, host, tuple(dict.fromkeys(n for n in clean if n)), own)


def _title_text(tree: LexborHTMLParser) -> str:
    """The document's `<title>`: in the head, else the first outside `<svg>` (an icon's
    `<title>Share on Facebook</title>` names the icon, not the page)."""
    node = tree.css_first("head title") or next(
        (n for n in tree.css("title") if not any(p.tag == "svg" for p in _parents(n))), None)
    return " ".join(node.text().split()) if node is not None else ""


def _parents(node: LexborNode) -> Iterator[LexborNode]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _on_screen(style: LexborNode) -> bool:
    """Does a `<style>` apply on screen: not for print only, not inside `<noscript>`?"""
    media = (style.attributes.get("media") or "").lower()
    if media and not any(m in media for m in ("screen", "all")):
        return False
    return not any(p.tag == "noscript" for p in _parents(style))


def extract_blocks(html: str) -> tuple[list[Block], dict[str, str], str]:
    """The body's blocks of text in document order, the head's metadata, and the title."""
    tree = LexborHTMLParser(html)
    hiding: dict[str, str] = {}
    for style in tree.css("style"):
        if _on_screen(style):
            hiding.update(stylesheet_hiding(style.text()))
    walker = _Walker(hiding)
    body = tree.body
    if body is not None:
        walker.walk(body)
        walker.flush()
    return walker.blocks, _meta(tree), _title_text(tree)


def _markup(block: Block, own: tuple[str, ...]) -> Markup:
    links = []
    for href, anchor in block.links:
        host = host_of(href)
        links.append(Link(href, anchor, host, bool(host) and host not in own))
    return Markup(block.tag, block.containers, block.hints, block.hidden, block.link_chars,
                  tuple(links), block.group)


def _headline(blocks: list[Block]) -> Block | None:
    """The page's headline: the first visible `<h1>` outside page furniture, else the first."""
    h1s = [b for b in blocks if b.tag == "h1" and not b.hidden]
    for block in h1s:
        if not is_template(Markup(block.tag, block.containers, block.hints)):
            return block
    return h1s[0] if h1s else None


def _too_deep(html: str, limit: int) -> bool:
    """Do the nesting block elements of `html` go deeper than `limit`?"""
    tags = _NESTING_TAG.findall(html)
    if tags.count("") <= limit:  # no deeper than the number of opening tags
        return False
    depth = deepest = 0
    for closing in tags:
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest > limit


def flatten_nesting(html: str, limit: int = MAX_NESTING) -> tuple[str, int]:
    """`html` with the block elements nested deeper than `limit` removed (their text kept),
    and how many were; unchanged (and 0) for any page nested less deep."""
    if html.count("<") <= limit or not _too_deep(html, limit):
        return html, 0
    # tags the parser builds: not those written inside scripts, styles or comments
    seen = _OPAQUE.sub(lambda m: " " * len(m.group()), html)  # same offsets
    if not _too_deep(seen, limit):
        return html, 0
    pieces, depth, last, dropped = [], 0, 0, 0
    for match in _NESTING_TAG.finditer(seen):
        closing = bool(match.group(1))
        if not closing:
            depth += 1
        if depth > limit:
            close = html.find(">", match.end(), match.end() + _TAG_CHARS)
            if close >= 0:
                pieces.append(html[last:match.start()])
                last = close + 1
                dropped += not closing
        if closing:
            depth = max(depth - 1, 0)
    pieces.append(html[last:])
    return "".join(pieces), dropped


def strip_crowded_tags(html: str, limit: int = MAX_ATTRIBUTES) -> tuple[str, int]:
    """`html` with the attributes of tags that have more than `limit` of them removed (the
    tag and its text kept), and how many tags were; unchanged for any other page."""
    stripped = 0

    def strip(match: re.Match[str]) -> str:
        nonlocal stripped
        tag = match.group()
        # one long attribute (an inline image, a path) stays; names without values count too
        if tag.count("=") <= limit and len(_ATTRIBUTE.findall(tag)) <= limit:
            return tag
        stripped += 1
        return f"<{match.group(1)}>"

    html = _LONG_TAG.sub(strip, html)
    return html, stripped


def parse_html(doc: Document, max_segments: int = MAX_SEGMENTS,
               max_line_chars: int = MAX_LINE_CHARS) -> Page:
    """An HTML document becomes a page of blocks: title, head metadata, then the body.

    A block longer than `max_line_chars` is scored on its first `max_line_chars`
    characters (the page text keeps it whole); block elements nested deeper than
    `MAX_NESTING` are unwrapped first, and tags with more than `MAX_ATTRIBUTES` attributes
    lose them, since parsing time grows with the square of the depth and of the attributes.
    """
    # a byte-order mark left in the source (a string decoded as `utf-8`) is no page text
    html, unwrapped = flatten_nesting(doc.text.removeprefix("\ufeff"))
    html, crowded = strip_crowded_tags(html)
    blocks, meta, title = extract_blocks(html)
    site = _site(doc.url, meta, blocks)
    head: list[Block] = []
    if title:
        head.append(Block(title, "title", (), (), "", (), 0, -1))
    for name in ("description", "keywords"):
        content = meta.get(name, "")
        if content:
            head.append(Block(content, f"meta:{name}", (), (), "", (), 0, -1))
    pieces: list[str] = []
    segments: list[Segment] = []
    cut = 0
    markups: list[Markup] = []
    offset, errors = 0, doc.errors
    if unwrapped:
        errors = (*errors, f"nesting: {unwrapped} block elements nested deeper than "
                           f"{MAX_NESTING} were unwrapped")
    if crowded:
        errors = (*errors, f"attributes: {crowded} tags with more than {MAX_ATTRIBUTES} "
                           "attributes were read without them")
    headline = _headline(blocks)
    for block in (*head, *blocks):
        if len(segments) >= max_segments:  # the rest stays in the page text, unscored
            if len(pieces) == max_segments:
                errors = (*errors, segments_cut(max_segments))
            pieces.append(block.text)
            continue
        if block.tag == "title" or block is headline:
            role = "title"
        else:
            role = line_role(block.text, len(segments) + 1)
            if block.tag == "li" and role != "body":
                role = "list_item"
            elif role == "dateline" and block.tag in HEADING_TAGS:
                role = "short" if len(block.text.split()) <= SHORT_WORDS else "line"
        scored = cap_line(block.text, max_line_chars)
        cut += len(scored) < len(block.text)
        segments.append(Segment(doc.id, len(segments), scored, offset, offset + len(scored), role))
        markups.append(_markup(block, site.hosts))
        pieces.append(block.text)
        offset += len(block.text) + 1
    errors = (*errors, *truncation_note(cut, max_line_chars, "blocks"))
    return Page(doc.id, "\n".join(pieces), tuple(segments), doc.path, "html", errors,
                tuple(markups), site)
