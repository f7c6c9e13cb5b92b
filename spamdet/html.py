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
from operator import itemgetter
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
_SIMPLE_PART = re.compile(r"""
    (\*|[a-z][a-z0-9-]*)                                     # 1 tag, or * for any
  | \.([-\w]+) | \#([-\w]+)                                   # 2 class, 3 id
  | \[\s*([-\w]+)\s*(?:([~|^$*]?=)\s*                          # 4 attribute, 5 operator
        (?:"([^"]*)"|'([^']*)'|([-\w]+))\s*([is])?\s*)?\]      # 6-8 value, 9 case flag
  | (:not\(\s*)                                               # 10 a negation opens
  | (::?[-\w]+(?:\([^()]*\))?)                                  # 11 another pseudo-class
""", re.I | re.X)
"""One simple selector of a compound; anything else (`\\` escapes, namespaces) ends the
compound where it stands, and a selector that holds it is not read."""
_PSEUDO_ELEMENTS = frozenset({":before", ":after", ":first-line", ":first-letter"})
"""Pseudo-elements written with one colon (as `::x` is): their rules never apply to the
element itself."""
_COMBINATOR = re.compile(r"\s*([>+~])\s*|\s+")
_IMPORTANT = re.compile(r"!\s*important", re.I)
MAX_COMPOUNDS = 16
"""A selector of more compounds is not read (real ones have up to 8 or so; each prefix is
kept as the name of a state, so a selector of thousands would cost their square)."""
_ID_WEIGHT, _CLASS_WEIGHT = 1_000_000, 1000
"""Specificity as one number: ids, then classes, attributes and pseudo-classes, then tags."""
_NOT_NEXT = re.compile(r"(?<!\s)\s*([,)])\s*")
"""What follows a compound inside `:not(...)` (the lookbehind tries each run of spaces once)."""
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
    built once per significant element, so it must be cheap). `scope` holds the `_Sheet`
    states of the ancestors, `near` those of the parent."""

    __slots__ = ("block", "containers", "hints", "hidden", "colour", "background", "link",
                 "elem", "group", "scope", "near")

    def __init__(self, block: str, containers: tuple[str, ...], hints: tuple[str, ...],
                 hidden: str, colour: str, background: str, link: int, elem: int,
                 group: int, scope: frozenset[str], near: frozenset[str]) -> None:
        self.block, self.containers, self.hints, self.hidden = block, containers, hints, hidden
        self.colour, self.background, self.link = colour, background, link
        self.elem, self.group, self.scope, self.near = elem, group, scope, near


_NO_STATES: frozenset[str] = frozenset()
_ROOT = _Ctx("body", (), (), "", "", "", -1, 0, 0, _NO_STATES, _NO_STATES)
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


class _Compound(NamedTuple):
    """Simple selectors an element must all match (`div.seo[data-x]:not(.open)`)."""

    tag: str
    """in lower case; "" for any"""
    ident: str
    classes: tuple[str, ...]
    attrs: tuple[tuple[str, str, str, bool], ...]
    """(name, operator or "" for presence, value, case-insensitive)"""
    nots: tuple[_Compound, ...]
    """compounds it must match none of (`:not(.a, .b)`)"""


class _Selector(NamedTuple):
    """A selector read left to right: its compounds, the combinator before each one after the
    first (" " descendant, ">" child), its specificity, and the text of each proper prefix
    (`.a .b` of `.a .b c`), the names of the walk's states."""

    compounds: tuple[_Compound, ...]
    combinators: tuple[str, ...]
    specificity: int
    prefixes: tuple[str, ...]
    stateful: bool
    """pseudo-classes (`:hover`, `:checked`, `:first-child`) were left out: the selector
    holds in some state of the page, which the walk cannot tell"""


def _read_compound(text: str, pos: int, negation: bool = True, states: bool = False
                   ) -> tuple[_Compound, int, int, bool] | None:
    """The compound at `pos`, its specificity, where it ends, and whether pseudo-classes
    were left out of it (only if `states`); None if there is none or it holds what is not
    read (a pseudo-element, a `:not` inside a `:not`, two ids)."""
    tag, ident, start, specificity, stateful = "", "", pos, 0, False
    classes: list[str] = []
    attrs: list[tuple[str, str, str, bool]] = []
    nots: list[_Compound] = []
    while (match := _SIMPLE_PART.match(text, pos)) is not None:
        part, pos = match.lastindex, match.end()
        if part == 2:
            classes.append(match.group(2))
            specificity += _CLASS_WEIGHT
        elif part == 1:
            if match.start() != start:  # a tag after other parts
                return None
            name = match.group(1)
            tag = "" if name == "*" else name.lower()
            specificity += 1 if tag else 0
        elif part == 3:
            if ident and match.group(3) != ident:
                return None
            ident = match.group(3)
            specificity += _ID_WEIGHT
        elif part == 11:
            pseudo = match.group(11)
            if not states or pseudo[1] == ":" or pseudo.lower() in _PSEUDO_ELEMENTS:
                return None
            specificity += _CLASS_WEIGHT
            stateful = True
        elif part != 10:  # an attribute: groups 4 to 9
            attr, op, dq, sq, bare, flag = match.group(4, 5, 6, 7, 8, 9)
            value = next((v for v in (dq, sq, bare) if v is not None), "")
            insensitive = (flag or "").lower() == "i"
            attrs.append((attr.lower(), op or "", value.lower() if insensitive else value,
                          insensitive))
            specificity += _CLASS_WEIGHT
        else:  # `:not(` a list of compounds `)`
            if not negation:
                return None
            weight = 0
            while True:
                inner = _read_compound(text, pos, negation=False)
                after = _NOT_NEXT.match(text, inner[2]) if inner is not None else None
                if inner is None or after is None:
                    return None
                nots.append(inner[0])
                weight, pos = max(weight, inner[1]), after.end()
                if after.group(1) == ")":
                    break
            specificity += weight
    if pos == start:
        return None
    return (_Compound(tag, ident, tuple(classes), tuple(attrs), tuple(nots)), specificity,
            pos, stateful)


@lru_cache(maxsize=16384)
def parse_selector(text: str, states: bool = False) -> _Selector | None:
    """`text` (one selector, spaces collapsed) read as compounds joined by descendant and
    child combinators; None when it holds anything else (sibling combinators `+`/`~`,
    pseudo-classes but `:not`, pseudo-elements, escapes) or is a bare tag (`p`, `*`): a rule
    that is not understood must not hide, and `::before`/`::after` never hide the element.
    With `states`, other pseudo-classes are left out and the selector is `stateful`."""
    compounds: list[_Compound] = []
    combinators: list[str] = []
    prefixes: list[str] = []
    specificity, pos, stateful = 0, 0, False
    while True:
        read = _read_compound(text, pos, states=states)
        if read is None:
            return None
        compound, weight, pos, state = read
        compounds.append(compound)
        specificity += weight
        stateful = stateful or state
        if pos == len(text):
            break
        if len(compounds) == MAX_COMPOUNDS:
            return None
        prefixes.append(text[:pos])
        match = _COMBINATOR.match(text, pos)
        if match is None or match.group(1) in ("+", "~") or match.end() == len(text):
            return None
        combinators.append(">" if match.group(1) else " ")
        pos = match.end()
    if len(compounds) == 1 and not (compound.ident or compound.classes or compound.attrs
                                    or compound.nots):
        return None  # `p{display:none}`, `*{...}`: not read, as before
    return _Selector(tuple(compounds), tuple(combinators), specificity, tuple(prefixes),
                     stateful)


def _compound_key(compound: _Compound) -> tuple[str, str]:
    """Which of an element's names a compound is filed under, so that an element only tries
    the compounds that can match it: its id, else its first class, else an attribute it
    needs, else its tag ("*" when it names none of them)."""
    if compound.ident:
        return "id", compound.ident
    if compound.classes:
        return "class", compound.classes[0]
    if compound.attrs:
        return "attr", compound.attrs[0][0]
    return "tag", compound.tag or "*"


def _attr_matches(test: tuple[str, str, str, bool], attrs: dict[str, str | None]) -> bool:
    name, op, want, insensitive = test
    if name not in attrs:
        return False
    value = attrs[name] or ""
    if insensitive:
        value = value.lower()
    if not op:
        return True
    if op == "=":
        return value == want
    if op == "~=":
        return bool(want) and want in value.split()
    if op == "|=":
        return value == want or value.startswith(want + "-")
    if not want:  # `^=""`, `$=""`, `*=""` match nothing
        return False
    if op == "^=":
        return value.startswith(want)
    return value.endswith(want) if op == "$=" else want in value


def _matches(compound: _Compound, tag: str, classes: list[str], ident: str | None,
             attrs: dict[str, str | None]) -> bool:
    """Does an element match every simple selector of `compound`?"""
    if (compound.tag and compound.tag != tag) or (compound.ident and compound.ident != ident):
        return False
    for name in compound.classes:
        if name not in classes:
            return False
    for test in compound.attrs:
        if not _attr_matches(test, attrs):
            return False
    return not any(_matches(neg, tag, classes, ident, attrs) for neg in compound.nots)


def _selector_text(selector: str) -> str:
    """A selector as it is keyed: spaces collapsed."""
    return " ".join(selector.split())


def _selector_list(selectors: str) -> list[str]:
    """A rule's selectors, split at the commas outside `(...)` and `[...]` (`.a:not(.b, .c)`,
    `[title="x,y"]`); none if the brackets do not close, as a browser drops the rule."""
    if "(" not in selectors and "[" not in selectors:
        return selectors.split(",")
    found, depth, start = [], 0, 0
    for at, char in enumerate(selectors):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
            if depth < 0:
                return []
        elif char == "," and not depth:
            found.append(selectors[start:at])
            start = at + 1
    if depth:
        return []
    found.append(selectors[start:])
    return found


def _cascade(hiding: dict[str, str], key: str, reason: str) -> None:
    """Set `key` last in `hiding`: its order is the cascade's, where a later rule or sheet
    comes later."""
    hiding.pop(key, None)
    hiding[key] = reason


def stylesheet_hiding(css: str) -> dict[str, str]:
    """Selectors whose rule in a `<style>` block hides (the reason) or shows ("") what they
    select, outside `@media` rules or in those for every screen, in the order of their last
    rule; a rule with `!important` is keyed `SELECTOR !important`. Only selectors that
    `parse_selector` reads are kept, and for rules that show, those it reads with their
    pseudo-classes left out (`.menu li:hover > ul`: shown in some state)."""
    hiding: dict[str, str] = {}
    for selectors, body in _CSS_RULE.findall(_top_level_rules(_without_comments(css))):
        reason = style_hidden(body)[0]
        if not reason and not _SHOWS.search(body):
            continue
        important = " !important" if "!" in body and _IMPORTANT.search(body) else ""
        for selector in _selector_list(selectors):
            text = _selector_text(selector)
            if text and parse_selector(text, states=not reason) is not None:
                _cascade(hiding, text + important, reason)
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


_NO_CLASSES: list[str] = []


class _Bucket(NamedTuple):
    """What an element filed under one of its names (tag, a class, its id, an attribute)
    tries: steps into states, and rules that hide or show, highest priority first."""

    steps: list[tuple[str, _Compound, str, bool]]
    """(state entered, compound to match, state needed or "", needed of the parent only)"""
    hides: list[tuple[int, str, _Compound, str, bool]]
    """(priority, reason, last compound, state needed or "", needed of the parent only)"""
    shows: list[tuple[int, str, _Compound, str, bool]]
    named: bool
    """filed under an id, a class or an attribute, not a tag"""


class _Sheet:
    """A page's stylesheet rules indexed for the walk by their last compound's id, class,
    attribute or tag, so that an element only tries the rules that can apply to it.

    Selectors of several compounds are matched through states: an element that matches the
    k-th compound of a selector while the state of the k-1 before it holds (in an ancestor,
    or in the parent for `>`) enters the state of the first k, which its descendants carry
    (`scope`) and its children see as the parent's (`near`). A rule applies to an element
    that matches its last compound while the state before it holds; of the rules that apply
    the last of the highest priority (`!important`, specificity, order) decides. An element
    none of whose names is filed costs a few dict lookups."""

    __slots__ = ("ids", "classes", "attrs", "tags", "any", "plain", "every")

    def __init__(self, hiding: dict[str, str]) -> None:
        self.ids: dict[str, _Bucket] = {}
        self.classes: dict[str, _Bucket] = {}
        self.attrs: dict[str, _Bucket] = {}
        self.tags: dict[str, _Bucket] = {}
        self.any: _Bucket | None = None
        """rules and steps of compounds that name no id, class, attribute or tag"""
        kinds = {"id": self.ids, "class": self.classes, "attr": self.attrs, "tag": self.tags}
        stepped: set[str] = set()
        for order, (key, reason) in enumerate(hiding.items()):
            text, important = key.removesuffix(" !important"), key.endswith(" !important")
            selector = parse_selector(text, states=not reason)
            if selector is None:
                continue
            compounds, combinators, _, prefixes, _ = selector
            for k, state in enumerate(prefixes):
                if state not in stepped:
                    stepped.add(state)
                    bucket = self._bucket(kinds, compounds[k])
                    bucket.steps.append((state, compounds[k], prefixes[k - 1] if k else "",
                                         k > 0 and combinators[k - 1] == ">"))
            priority = (important * _ID_WEIGHT * 1000 + selector.specificity) * 1_000_000 + order
            rule = (priority, reason, compounds[-1], prefixes[-1] if prefixes else "",
                    bool(combinators) and combinators[-1] == ">")
            bucket = self._bucket(kinds, compounds[-1])
            (bucket.hides if reason else bucket.shows).append(rule)
        filed = [b for kind in kinds.values() for b in kind.values()]
        for bucket in filed if self.any is None else [*filed, self.any]:
            bucket.hides.sort(key=itemgetter(0), reverse=True)
            bucket.shows.sort(key=itemgetter(0), reverse=True)
        self.plain = frozenset(tag for tag, bucket in self.tags.items()
                               if bucket.steps or bucket.hides)
        """tags an element without attributes can enter a state or be hidden by (the rules
        that show filed under a tag matter only against a rule that hides)"""
        self.every = self.any is not None
        """a rule or step names no id, class, attribute or tag: every element tries it"""

    def _bucket(self, kinds: dict[str, dict[str, _Bucket]], compound: _Compound) -> _Bucket:
        kind, name = _compound_key(compound)
        if name == "*":
            if self.any is None:
                self.any = _Bucket([], [], [], kind != "tag")
            return self.any
        bucket = kinds[kind].get(name)
        if bucket is None:
            bucket = kinds[kind][name] = _Bucket([], [], [], kind != "tag")
        return bucket

    def buckets(self, tag: str, classes: list[str], ident: str | None,
                attrs: dict[str, str | None]) -> list[_Bucket]:
        """What an element is filed under by its tag, classes, id and attributes (none: no
        rule or step can apply to it)."""
        buckets = []
        if (bucket := self.tags.get(tag)) is not None:
            buckets.append(bucket)
        if classes and not self.classes.keys().isdisjoint(classes):
            buckets += [self.classes[name] for name in classes if name in self.classes]
        if ident and (bucket := self.ids.get(ident)) is not None:
            buckets.append(bucket)
        if self.attrs and not self.attrs.keys().isdisjoint(attrs):
            buckets += [self.attrs[name] for name in attrs if name in self.attrs]
        if self.any is not None:
            buckets.append(self.any)
        return buckets

    def enter(self, buckets: list[_Bucket], tag: str, classes: list[str], ident: str | None,
              attrs: dict[str, str | None], scope: frozenset[str], near: frozenset[str],
              hidden: bool) -> tuple[frozenset[str], frozenset[str], str]:
        """The states an element filed in `buckets` passes to its descendants and to its
        children, and why the rules hide it ("" if they do not, or if it is `hidden`
        already)."""
        entered, decide = [], False
        for bucket in buckets:
            decide = decide or bool(bucket.hides)
            for state, compound, need, child in bucket.steps:
                if ((not need or need in (near if child else scope))
                        and _matches(compound, tag, classes, ident, attrs)):
                    entered.append(state)
        reason = (self._decide(buckets, tag, classes, ident, attrs, scope, near)
                  if decide and not hidden else "")
        if not entered:
            return scope, _NO_STATES, reason
        fresh = frozenset(entered)
        return scope | fresh, fresh, reason

    @staticmethod
    def _decide(buckets: list[_Bucket], tag: str, classes: list[str], ident: str | None,
                attrs: dict[str, str | None], scope: frozenset[str], near: frozenset[str]
                ) -> str:
        """Why the rule of highest priority that applies hides the element; "" if none
        hides it, or if one of higher priority shows it now or in another state of the page:
        one whose pseudo-classes were left out holds (`.menu li:hover > .sub`), or one filed
        under the same id, class or attribute as the rule that hides would hold with other
        classes on the element or its ancestors (`.sub.is-open`, `.nav.is-open .sub`, which
        scripts set). Such an element is UI a reader opens, as a closed `<details>` is."""
        best, reason, hider = -1, "", None
        for bucket in buckets:
            for priority, why, compound, need, child in bucket.hides:
                if priority <= best:
                    break
                if ((not need or need in (near if child else scope))
                        and _matches(compound, tag, classes, ident, attrs)):
                    best, reason, hider = priority, why, bucket
                    break
        if hider is None:
            return ""
        for bucket in buckets:
            toggled = bucket is hider and hider.named
            for priority, _, compound, need, child in bucket.shows:
                if priority <= best:
                    break
                if toggled:  # other classes, on it or on the ancestors, would show it
                    if _matches(compound, tag, list(compound.classes), ident, attrs):
                        return ""
                elif ((not need or need in (near if child else scope))
                        and _matches(compound, tag, classes, ident, attrs)):
                    return ""
        return reason


class _Walker:
    """Walks a parsed tree once, in document order, collecting blocks of text with context."""

    def __init__(self, hiding: dict[str, str]) -> None:
        self.sheet = _Sheet(hiding) if any(hiding.values()) else None
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
        attrs, sheet = node.attributes, self.sheet
        # must the stylesheet look at it, whatever its attributes: a rule or step is filed
        # under its tag, or its parent's states must not reach its children as the parent's
        looks = sheet is not None and bool(ctx.near or sheet.every or tag in sheet.plain)
        if not attrs and tag in _PLAIN_INLINE and not looks:
            return ctx
        block, containers, hints, group = ctx.block, ctx.containers, ctx.hints, ctx.group
        hidden, colour, background, link = ctx.hidden, ctx.colour, ctx.background, ctx.link
        if tag in BLOCK_TAGS:
            block, group = tag, ctx.elem
        if tag in SEMANTIC_TAGS:
            containers = (*containers, tag)
            if tag in CONTENT_MARKS:
                hints = ()
        if not attrs and not looks:
            return _Ctx(block, containers, hints, hidden, colour, background, link, ordinal,
                        group, ctx.scope, ctx.near)
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
        scope, near = ctx.scope, _NO_STATES
        if sheet is not None:
            classes = names.split() if names else _NO_CLASSES
            buckets = sheet.buckets(tag, classes, ident, attrs)
            if buckets:
                scope, near, reason = sheet.enter(buckets, tag, classes, ident, attrs, scope,
                                                  ctx.near, bool(hidden))
                if reason and not (style and _SHOWS.search(style)):  # an inline style wins
                    hidden = reason
        if tag == "a":
            href = (attrs.get("href") or "").strip()
            if href and not href[:11].lower().startswith(("javascript:", "mailto:", "tel:")):
                link = ordinal
                self.hrefs[link] = href
        return _Ctx(block, containers, hints, hidden, colour, background, link, ordinal, group,
                    scope, near)

    def _root(self, body: LexborNode) -> _Ctx:
        """The context of the body's children: the states `<html>` and `<body>` enter
        (`html[lang] .x`, `body.home .y`); neither is hidden by a rule (a page hidden until
        its scripts run is read as shown)."""
        sheet, scope, near = self.sheet, _NO_STATES, _NO_STATES
        if sheet is None:
            return _ROOT
        for node in (body.parent, body):
            if node is not None and node.tag:
                attrs = node.attributes
                classes, ident = (attrs.get("class") or "").split(), attrs.get("id")
                scope, near, _ = sheet.enter(sheet.buckets(node.tag, classes, ident, attrs),
                                             node.tag, classes, ident, attrs, scope, near, True)
        return _Ctx("body", (), (), "", "", "", -1, 0, 0, scope, near)

    def walk(self, root: LexborNode) -> None:
        """Depth first, in document order, without recursion (pages nest thousands deep).

        A popped node pushes its next sibling (with the context they share) before its own
        content, so that no list of children is built."""
        stack: list[tuple[LexborNode | None, _Ctx]] = []
        pop, push, add_text, enter = stack.pop, stack.append, self.add_text, self.enter
        child = root.child
        if child is not None:
            push((child, self._root(root)))
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
            for key, reason in stylesheet_hiding(style.text()).items():
                _cascade(hiding, key, reason)
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
