"""HTML parsing: blocks, roles, offsets, hidden-ness, links, encodings, hostile input."""

from __future__ import annotations

import pytest

from spamdet.html import (
    MAX_NESTING,
    OFFSCREEN_PX,
    TINY_BOX_PX,
    TINY_FONT_PX,
    flatten_nesting,
    host_of,
    parse_html,
    registrable,
    style_hidden,
    stylesheet_hiding,
)
from spamdet.ingest import decode_html
from spamdet.records import Document

PAGE = """<!doctype html><html><head><title>Rail line approved | Daily Courier</title>
<meta name="description" content="The council approved it.">
<meta name="keywords" content="rail, council">
<meta property="og:site_name" content="Daily Courier">
<link rel="canonical" href="https://www.dailycourier.co.uk/news/rail"></head>
<body class="with-sidebar"><header><nav><ul><li><a href="/">Home</a></li></ul></nav></header>
<main><article><h1>Rail line approved</h1><p>The council voted <b>7-2</b> on Tuesday
to approve the <a href="https://other.example.com/x">new line</a>.</p>
<ul><li>First point</li></ul><pre>code line</pre></article></main>
<footer>&copy; 2024</footer><script>var x = "<p>not text</p>";</script></body></html>"""


def parse(html: str, url: str | None = None):
    return parse_html(Document("p", html, kind="html", url=url))


def test_blocks_roles_and_offsets() -> None:
    page = parse(PAGE)
    texts = [s.text for s in page.segments]
    assert texts[:3] == ["Rail line approved | Daily Courier", "The council approved it.",
                         "rail, council"]
    assert "not text" not in page.text
    assert page.text == "\n".join(texts)
    for seg in page.segments:
        assert page.text[seg.start : seg.end] == seg.text
    roles = {s.text: s.role for s in page.segments}
    assert roles["Rail line approved | Daily Courier"] == "title"
    assert roles["Rail line approved"] == "title"
    assert roles["First point"] == "list_item"
    tags = {s.text: m.tag for s, m in zip(page.segments, page.markup, strict=True)}
    assert tags["The council approved it."] == "meta:description"
    assert tags["code line"] == "pre"
    assert len(page.markup) == len(page.segments)


def test_preformatted_lines_are_blocks() -> None:
    # a story kept in `<pre>` (mail archives, plain-text pages) has its lines as blocks, as
    # `<br>` gives them, not one block of the whole story
    page = parse("<body><pre>\nLONDON (AP) - The council voted.\n  It opens <b>next\nyear</b>."
                 "\n\nChainkeen View\n</pre><p>After.</p></body>")
    assert [s.text for s in page.segments] == [
        "LONDON (AP) - The council voted.", "It opens next", "year.", "Chainkeen View", "After."]
    assert [m.tag for m in page.markup] == ["pre"] * 4 + ["p"]


def test_blocks_past_the_segment_limit_stay_in_the_text() -> None:
    html = "<body>" + "".join(f"<p>Paragraph {i} of the story.</p>" for i in range(30)) + "</body>"
    page = parse_html(Document("p", html, kind="html"), max_segments=10)
    assert len(page.segments) == 10 and page.text.count("\n") == 29  # cleaning keeps them
    assert page.errors == ("truncated: only the first 10 segments were scored",)


def test_the_own_host_is_not_guessed_from_hidden_or_few_links() -> None:
    links = '<a href="https://zorvix.example/">Zorvix</a> <a href="https://zorvix.example/b">b</a>'
    hidden = f'<body><p>Senate passes bill.</p><div style="display:none">{links}</div></body>'
    visible = f"<body><p>Senate passes bill.</p><p>{links}</p></body>"
    for html in (hidden, visible):  # the brand a page links to is not the site it is on
        assert parse(html).site.host == ""
    many = "".join(f'<a href="https://news.example/{i}">s{i}</a>' for i in range(6))
    assert parse(f"<body><p>{many}</p></body>").site.host == "news.example"


def test_an_icon_title_is_not_the_page_title() -> None:
    page = parse('<body><svg><title>Share on Facebook</title></svg><h1>Senate passes bill'
                 "</h1><p>The Senate voted.</p></body>")
    assert "Share on Facebook" not in page.text


def test_only_real_tags_count_as_nesting() -> None:
    deep = "<div>" * (MAX_NESTING + 5) + "x" + "</div>" * (MAX_NESTING + 5)
    assert flatten_nesting(deep)[1] == 5  # unwrapped
    # the same tags written in a script, a style or a comment are text to the parser
    for wrap in ("<script>var s = '{}';</script>", "<style>/* {} */</style>", "<!-- {} -->"):
        page = wrap.format("<div class=c>" * (MAX_NESTING + 5)) + "<h1>Headline</h1><nav>x</nav>"
        assert flatten_nesting(page) == (page, 0)


def test_stylesheets_for_print_or_without_scripts_hide_nothing_on_screen() -> None:
    for style in ('<style media="print">.c{display:none}</style>',
                  "<noscript><style>.c{display:none}</style></noscript>"):
        page = parse(f"<html><head>{style}</head><body><p class=c>Credits: AP</p></body></html>")
        assert [m.hidden for m in page.markup] == [""], style
    page = parse('<html><head><style media="screen and (min-width:1px)">.c{display:none}</style>'
                 "</head><body><p class=c>Gone</p></body></html>")
    assert [m.hidden for m in page.markup] == ["display_none"]


def test_comments_in_a_stylesheet_are_not_part_of_a_rule() -> None:
    # a comment before a rule stuck to its selector, and the rule was lost
    css = ("/* links */ .a{display:none} /* .b{display:none} */ .c/**/{visibility:hidden}"
           "<!-- #d{display:none} --> /* unclosed .e{display:none}")
    assert stylesheet_hiding(css) == {".a": "display_none", ".c": "visibility_hidden",
                                      "#d": "display_none"}
    page = parse("<html><head><style>/* SEO */.seo{display:none}</style></head><body>"
                 '<p>Story.</p><div class="seo"><a href="https://casino.example/">best online '
                 "casino</a></div></body></html>")
    assert [m.hidden for m in page.markup] == ["", "display_none"]


def test_a_box_too_small_for_its_content_hides_it() -> None:
    # the classic link injection `<div style="overflow:hidden;height:1px">`, inline or by a
    # stylesheet rule; a collapsed menu (`max-height:0`) is hidden too, and its own-site
    # links fire nothing (tests/fixtures/html/clean_css_mobile_nav_maxheight.html)
    sheet = "<style>.lnk{max-height:0;overflow:hidden}</style>"
    body = ('<div style="overflow:hidden;height:1px"><a href="https://a.example/">Inline</a>'
            '</div><div class=lnk><a href="https://b.example/">Sheet</a></div>'
            '<div style="height:0;padding-bottom:56%;overflow:hidden">Video frame</div>')
    page = parse(f"<html><head>{sheet}</head><body>{body}</body></html>")
    hidden = {s.text: m.hidden for s, m in zip(page.segments, page.markup, strict=True)}
    assert hidden == {"Inline": "collapsed", "Sheet": "collapsed", "Video frame": ""}


def test_media_rules_for_every_screen_are_read() -> None:
    # `@media screen {...}` (or `only screen`, `all`) with no size test applies on screen;
    # print rules and rules for some sizes only hide nothing
    sheet = ("@media screen { .a{display:none} } @media only screen{#b{visibility:hidden}}"
             "@media all, print { .c{display:none} } @media print { .d{display:none} }"
             "@media screen and (max-width:600px) { .e{display:none} }")
    body = ("<p class=a>A</p><p id=b>B</p><p class=c>C</p><p class=d>D</p><p class=e>E</p>")
    page = parse(f"<html><head><style>{sheet}</style></head><body>{body}</body></html>")
    hidden = {s.text: m.hidden for s, m in zip(page.segments, page.markup, strict=True)}
    assert hidden == {"A": "display_none", "B": "visibility_hidden", "C": "display_none",
                      "D": "", "E": ""}


def test_at_rules_nested_deeper_are_skipped_whole() -> None:
    # the rules of an at-rule whose blocks nest (an IE-only `@media` holding another) leaked
    # out as top-level rules; an unclosed block runs to the end, as in browsers; the rules of
    # a cascade `@layer` apply as top-level ones do
    css = ("@media all and (-ms-high-contrast:none) { div.ie{display:block} "
           "@media (max-width:7px) { .x{color:red} } .y{display:none} } .z{display:none}"
           "@media screen { @supports (x) { .w{display:none} } .v{display:none} }"
           "@import url(a.css); .u{visibility:hidden} @layer base { .s{display:none} "
           "@media screen { .r{display:none} } @media (min-width:9px) { .q{display:none} } }"
           "@media print { .t{display:none}")
    assert stylesheet_hiding(css) == {".z": "display_none", ".v": "display_none",
                                      ".u": "visibility_hidden", ".s": "display_none",
                                      ".r": "display_none"}


def _hidden(sheet: str, body: str) -> dict[str, str]:
    page = parse(f"<html><head><style>{sheet}</style></head><body>{body}</body></html>")
    return {s.text: m.hidden for s, m in zip(page.segments, page.markup, strict=True)}


def test_rules_of_two_compounds_hide_what_they_select() -> None:
    # `.links a` hides an `a` anywhere inside `.links`; `div.seo > a` only a child of it
    sheet = (".links a{display:none} #x span{visibility:hidden} div.seo > a{display:none}"
             ".m a:hover{display:none}")
    body = ('<div class=links><p><a href="/1">Deep link</a> <a style="display:inline" '
            'href="/1">Inline shows</a></p></div><a href="/2">Outside</a>'
            "<div id=x><b><span>Bare span</span></b></div>"
            '<div class=seo><a href="/3">Child</a><p><a href="/4">Grandchild</a></p>'
            '<b><a href="/5">Under b</a></b></div><span class=seo><a href="/6">Span parent</a>'
            '</span><div class="m"><a href="/7">Pseudo</a></div>')
    assert _hidden(sheet, body) == {
        "Deep link": "display_none", "Inline shows": "", "Outside": "",
        "Bare span": "visibility_hidden", "Child": "display_none", "Grandchild": "",
        "Under b": "", "Span parent": "", "Pseudo": ""}


def test_rules_of_three_or_more_compounds_match_the_ancestors_right_to_left() -> None:
    sheet = (".site .footer .seo a{display:none} body div.x p{visibility:hidden}"
             ".a > .b > .c{display:none} ul.l > li .k{display:none}")
    body = ('<div class=site><div class=footer><div><div class=seo><p><a href="/1">Deep</a>'
            '</p></div></div></div><div class=seo><a href="/2">No footer</a></div></div>'
            '<div class=footer><div class=seo><a href="/3">No site</a></div></div>'
            "<div class=x><section><p>Body x p</p></section></div>"
            "<div class=a><div class=b><p class=c>Child chain</p><div><p class=c>Broken"
            "</p></div></div></div><div class=a><span><div class=b><p class=c>Not a child"
            "</p></div></span></div>"
            "<ul class=l><li><div><b class=k>Under li</b></div></li></ul>"
            "<ul class=l><ul><li><b class=k>Inner ul</b></li></ul></ul>")
    assert _hidden(sheet, body) == {
        "Deep": "display_none", "No footer": "", "No site": "",
        "Body x p": "visibility_hidden", "Child chain": "display_none", "Broken": "",
        "Not a child": "", "Under li": "display_none", "Inner ul": ""}


@pytest.mark.parametrize("selector, hides, keeps", [
    ('[class*="seo"]', '<p class="x seo-box">', '<p class="x se-o">'),
    ("[id^=hid]", "<p id=hidden-links>", "<p id=links-hid>"),
    ("div[data-x]", "<div data-x>", '<p data-x="1">'),
    ('a[href*="casino"]', '<a href="https://casino.example/">', '<a href="/news">'),
    ('a[href*="CASINO" i]', '<a href="https://casino.example/">', '<a href="/news">'),
    ("[data-role=seo]", '<p data-role="seo">', '<p data-role="seo2">'),
    ("[class~=seo]", '<p class="a seo">', '<p class="a seo-x">'),
    ("[lang|=en]", '<p lang="en-GB">', '<p lang="eng">'),
    ('[href$=".pdf"]', '<a href="/x.pdf">', '<a href="/x.pdf?y">'),
    ('.box[title^="Best"]', '<p class=box title="Best loans">', "<p class=box>"),
    ('.box[title^=""]', "", '<p class=box title="Best loans">'),  # an empty value: nothing
])
def test_attribute_selectors_hide_what_they_select(selector: str, hides: str,
                                                   keeps: str) -> None:
    body = "".join(f"{tag}{text}</{tag[1:].split()[0].rstrip('>')}>"
                   for tag, text in ((hides, "Hidden"), (keeps, "Kept")) if tag)
    found = _hidden(f"{selector}{{display:none}}", body)
    assert found == ({"Hidden": "display_none"} if hides else {}) | {"Kept": ""}


def test_pseudo_classes_and_sibling_combinators_are_not_read() -> None:
    # a rule that holds in some state only, or whose selector is not understood, hides
    # nothing; `::before`/`::after` never hide the element itself; `:not()` is read
    sheet = (".h:hover{display:none} .f:first-child{display:none} .b::before{display:none}"
             ".a:after{display:none} .x + .y{display:none} .s ~ .t{display:none}"
             ".n:not(.open){display:none} .e\\:x{display:none} .c:checked{display:none}"
             ".w:not(:hover){display:none} .m:not(.on, [data-open]){display:none}"
             ".u:not(.v, .z{display:none} .k[title='a,b']{display:none}")
    body = ("<p class=h>Hover</p><p class=f>First</p><p class=b>Before</p><p class=a>After</p>"
            "<p class=x>X</p><p class=y>Sibling</p><p class=s>S</p><p class=t>General</p>"
            '<p class=n>Closed</p><p class="n open">Open</p><p class=e:x>Escaped</p>'
            "<p class=c>Checked</p><p class=w>Not hover</p><p class=m>M</p>"
            "<p class='m on'>M on</p><p class=m data-open>M open</p><p class=u>Unclosed</p>"
            "<p class=z>Z</p><p class=k title='a,b'>Comma in a value</p>")
    assert _hidden(sheet, body) == {
        "Hover": "", "First": "", "Before": "", "After": "", "X": "", "Sibling": "", "S": "",
        "General": "", "Closed": "display_none", "Open": "", "Escaped": "", "Checked": "",
        "Not hover": "", "M": "display_none", "M on": "", "M open": "", "Unclosed": "",
        "Z": "", "Comma in a value": "display_none"}


def test_the_cascade_decides_between_rules_that_hide_and_show() -> None:
    # the rule of highest priority (`!important`, specificity, order) that applies decides
    sheet = (".a{display:none} #b{display:block} .hidden{display:none!important}"
             ".x{display:block} .lo .y{display:none} .y{display:block} .z{display:block}"
             "div.z{display:none} .q{display:none} .r{display:block}")
    body = ("<p class=a id=b>Id shows</p><p class='x hidden'>Important hides</p>"
            "<div class=lo><p class=y>Specific hides</p></div><div class=z>Tag adds</div>"
            "<p class='q r'>Later shows</p><p class='r q'>Order of classes does not count</p>")
    assert _hidden(sheet, body) == {
        "Id shows": "", "Important hides": "display_none", "Specific hides": "display_none",
        "Tag adds": "display_none", "Later shows": "", "Order of classes does not count": ""}


def test_what_a_reader_opens_is_not_hidden() -> None:
    # a dropdown shown on hover or focus, or when scripts add a class to an ancestor, is UI
    # a reader opens (as a closed <details>); a rule filed under a tag (`.seo a`) is not
    # opened by another page part's state (`.menu.open a`)
    sheet = (".sub{display:none} .menu li:hover .sub{display:block}"
             ".panel{display:none} .nav.is-open .panel{display:block}"
             ".seo a{display:none} .menu.open a{display:block}"
             ".skip{position:absolute;left:-9999px} .skip:focus{display:block}"
             ".ad::after{display:none} .ad{display:none} a[href^=http]::after{display:block}")
    body = ("<ul class=menu><li><a href='/n'>News</a><ul class=sub><li>Local</li></ul></li>"
            "</ul><nav class=nav><div class=panel>Panel</div></nav>"
            "<div class=seo><a href='https://casino.example/'>Casino</a></div>"
            "<div class=menu><a href='/x'>Menu link</a></div>"
            "<a class=skip href='#main'>Skip</a><p class=ad>Ad</p>")
    assert _hidden(sheet, body) == {
        "News": "", "Local": "", "Panel": "", "Casino": "display_none", "Menu link": "",
        "Skip": "", "Ad": "display_none"}


def test_rules_may_start_at_html_and_body() -> None:
    sheet = ("html[lang=en] .a{display:none} body.home .b{display:none}"
             "html.js .c{display:none} body > .d{display:none}")
    html = (f'<html lang=en><head><style>{sheet}</style></head><body class="home page">'
            "<p class=a>A</p><p class=b>B</p><p class=c>C</p><p class=d>D</p>"
            "<div><p class=d>Deeper D</p></div></body></html>")
    page = parse(html)
    hidden = {s.text: m.hidden for s, m in zip(page.segments, page.markup, strict=True)}
    assert hidden == {"A": "display_none", "B": "display_none", "C": "",
                      "D": "display_none", "Deeper D": ""}


@pytest.mark.parametrize("selector, read, in_some_state", [
    (".a", True, True), ("#b", True, True), ("div.c", True, True), (".a.b#c[d]", True, True),
    (".a .b .c .d .e", True, True), ("body div.x > p", True, True), ("[x]", True, True),
    (":not(.a)", True, True), (".a:not(.b, [c=d])", True, True),
    ("p", False, False), ("*", False, False), (".a:hover", False, True),
    ("div > p:focus-within", False, True), (".a .b:nth-child(2n+1)", False, True),
    (".a::before", False, False), (".a:before", False, False), (".a:hover::after", False, False),
    (".a + .b", False, False), (".a ~ .b", False, False), (".a >", False, False),
    (".a:not(.b .c)", False, False), (".a:not(:hover)", False, False),
    (".a:not(.b:not(.c))", False, False), ("svg|a", False, False), (".a\\:b", False, False),
    ("#a#b", False, False), ("p:hover", False, False),
])
def test_which_selectors_are_read(selector: str, read: bool, in_some_state: bool) -> None:
    # rules that show are also read with their pseudo-classes left out: they show the
    # element in some state of the page
    from spamdet.html import parse_selector

    assert (parse_selector(selector) is not None) == read
    assert (parse_selector(selector, states=True) is not None) == in_some_state


def test_what_shows_an_element_again_wins() -> None:
    sheet = ("<style>.x{display:none} span.c{display:none} .y{display:none} .y{display:block}"
             "</style>")
    body = ('<div class=c>Credits div</div><span class=c>Credits span</span>'
            '<p class=y>Shown again</p><p class=x style="display:block">Inline wins</p>'
            '<div style="visibility:hidden">Hidden <span style="visibility:visible">Child shows'
            "</span></div>")
    page = parse(f"<html><head>{sheet}</head><body>{body}</body></html>")
    hidden = {s.text: m.hidden for s, m in zip(page.segments, page.markup, strict=True)}
    assert hidden["Credits div"] == "" and hidden["Credits span"] == "display_none"
    assert hidden["Shown again"] == "" and hidden["Inline wins"] == ""
    assert hidden["Hidden"] == "visibility_hidden" and hidden["Child shows"] == ""


def test_markup_context() -> None:
    page = parse(PAGE)
    markup = {s.text: m for s, m in zip(page.segments, page.markup, strict=True)}
    assert markup["Home"].containers == ("header", "nav")
    para = markup["The council voted 7-2 on Tuesday to approve the new line."]
    assert para.containers == ("main", "article") and "sidebar" not in para.hints
    assert para.link_chars == len("new line")
    assert para.links[0].host == "example.com" and para.links[0].external
    assert page.site is not None and page.site.host == "dailycourier.co.uk"
    assert "daily courier" in page.site.names


@pytest.mark.parametrize("style, reason", [
    ("display: none", "display_none"), ("DISPLAY:NONE !important", "display_none"),
    ("visibility:hidden", "visibility_hidden"), ("opacity: 0", "opacity_zero"),
    ("font-size:0", "tiny_font"), (f"font-size:{TINY_FONT_PX}px", "tiny_font"),
    (f"font-size:{TINY_FONT_PX + 1}px", ""), ("font-size:0.1em", "tiny_font"),
    (f"position:absolute;left:-{OFFSCREEN_PX}px", "offscreen"),
    (f"position:absolute;left:-{OFFSCREEN_PX - 1}px", ""),
    (f"left:-{OFFSCREEN_PX * 2}px", ""), ("text-indent:-9999px", "offscreen"),
    ("color:red", ""), ("display:block", ""),
    # a box at most TINY_BOX_PX high or wide that hides its overflow shows nothing
    ("overflow:hidden;height:1px", "collapsed"), ("height:0;overflow:hidden", "collapsed"),
    ("max-height:0;overflow:hidden;transition:max-height .3s", "collapsed"),
    (f"width:{TINY_BOX_PX}px;overflow:hidden", "collapsed"),
    ("overflow-y:hidden;max-height:0px", "collapsed"), ("height:0em;overflow:clip", "collapsed"),
    (f"height:{TINY_BOX_PX + 1}px;overflow:hidden", ""), ("height:0", ""),
    ("height:0;overflow:visible", ""), ("overflow-x:hidden;height:0", ""),
    ("height:5%;overflow:hidden", ""),  # a share of a parent of unknown height
    ("height:0;padding-bottom:56.25%;overflow:hidden", ""),  # a responsive video frame
    ("height:0;padding:0;overflow:hidden", "collapsed"),
    # a positioned box clipped to 1 px or less, or a clip-path that leaves nothing
    ("position:absolute;clip:rect(0 0 0 0)", "clipped"),
    ("position:absolute !important;clip:rect(1px,1px,1px,1px)", "clipped"),
    ("clip:rect(0,0,0,0)", ""), ("position:absolute;clip:rect(0,100px,50px,0)", ""),
    ("clip-path:inset(50%)", "clipped"), ("clip-path:inset(49%)", ""),
])
def test_style_hidden_boundaries(style: str, reason: str) -> None:
    assert style_hidden(style)[0] == reason


def test_hidden_by_attribute_colour_and_stylesheet() -> None:
    html = """<html><head><style>.gone{display:none} @media (max-width:5px){.mob{display:none}}
    .a .b{display:none}</style></head><body>
    <div hidden>attr</div><div aria-hidden="true">aria</div>
    <div style="background:#FFF"><p style="color:#ffffff">white</p></div>
    <p class="x gone">sheet</p><p class="mob">media only</p><p class="b">complex selector</p>
    <p>Visible <span style="display:none">inline hidden</span> after</p></body></html>"""
    page = parse(html)
    hidden = {s.text: m.hidden for s, m in zip(page.segments, page.markup, strict=True)}
    # `aria-hidden` hides from screen readers, not from the screen
    assert hidden["attr"] == "hidden_attr" and hidden["aria"] == ""
    assert hidden["white"] == "same_colour" and hidden["sheet"] == "display_none"
    assert hidden["media only"] == "" and hidden["complex selector"] == ""
    assert hidden["inline hidden"] == "display_none"
    assert hidden["Visible"] == "" and hidden["after"] == ""
    assert stylesheet_hiding(".q,#r{visibility:hidden}") == {".q": "visibility_hidden",
                                                            "#r": "visibility_hidden"}


def test_hosts() -> None:
    assert registrable("www.news.example.co.uk") == "example.co.uk"
    assert registrable("a.b.example.com") == "example.com"
    assert host_of("https://user@WWW.Example.com:8080/x") == "example.com"
    assert host_of("//cdn.example.org/a") == "example.org"
    assert host_of("/relative") == "" and host_of("mailto:x@y.z") == ""


def test_site_host_guessed_from_links_without_url() -> None:
    links = "".join(f'<a href="https://www.mysite.org/{n}">page {n}</a> ' for n in range(5))
    page = parse(f"<body><p>{links}<a href='https://other.net/'>other</a></p></body>")
    assert page.site is not None and page.site.host == "mysite.org"
    ext = {link.text: link.external for m in page.markup for link in m.links}
    assert ext == {**{f"page {n}": False for n in range(5)}, "other": True}


@pytest.mark.parametrize("html", [
    "", "<", "<<<>>>", "\x00\x01binary", "<?xml version='1.0'?><p>pi</p>",
    "<div>" * 50_000 + "deep" + "</div>" * 50_000, "<p>unclosed <b>bold <i>italic",
    "<table><tr><td>a<td>b</table>", "<p>" + "x" * 200_000 + "</p>",
])
def test_hostile_html_never_raises(html: str) -> None:
    page = parse(html)
    for seg in page.segments:
        assert page.text[seg.start : seg.end] == seg.text


def test_markup_is_never_text() -> None:
    page = parse("<p>&lt;b&gt;bold&lt;/b&gt; &amp; [red]x[/red] \x1b[31m</p>")
    assert page.segments[0].text.startswith("<b>bold</b> & [red]x[/red]")


@pytest.mark.parametrize("encoding, declared", [("cp1251", None), ("shift_jis", None),
                                                 ("iso-8859-1", None), ("cp1251", "windows-1251")])
def test_encoding_from_meta_or_header(encoding: str, declared: str | None) -> None:
    text = {"cp1251": "Привет, мир", "shift_jis": "こんにちは世界",
            "iso-8859-1": "Café crème"}[encoding]
    meta = "" if declared else f'<meta charset="{encoding}">'
    data = f"<html><head>{meta}</head><body><p>{text}</p></body></html>".encode(encoding)
    html, _ = decode_html(data, declared)
    assert text in html


def test_offsets_hold_on_generated_html() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    tags = st.sampled_from(["p", "div", "span", "li", "a", "b", "h1", "td", "br", "script"])
    text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
    attrs = st.sampled_from(["", ' style="display:none"', " hidden", ' class="menu"',
                             ' href="https://x.test/"', ' style="color:#fff;background:#fff"'])
    node = st.tuples(tags, attrs, text).map(lambda t: f"<{t[0]}{t[1]}>{t[2]}</{t[0]}>")

    @settings(max_examples=200, deadline=None)
    @given(st.lists(node, max_size=12), text)
    def check(nodes: list[str], tail: str) -> None:
        page = parse("<html><head><title>t</title></head><body>" + "".join(nodes) + tail)
        assert len(page.markup) == len(page.segments)
        for n, seg in enumerate(page.segments):
            assert seg.index == n and page.text[seg.start : seg.end] == seg.text
            assert "\n" not in seg.text and seg.text == seg.text.strip() and seg.text

    check()


def test_a_tag_crowded_with_attributes_is_read_without_them(detector) -> None:
    """The parser's time grows with the square of a tag's distinct attributes (40,000 took
    5 s, 200,000 minutes): such a tag loses them before parsing, its text is kept and the
    page says so; a long single attribute (an inline image) is left alone."""
    from spamdet.html import MAX_ATTRIBUTES, strip_crowded_tags

    many = " ".join(f"a{i}=x" for i in range(50 * MAX_ATTRIBUTES))
    html = f"<html><body><p {many}>Visit Poinbank today</p><p>More text.</p></body></html>"
    assert strip_crowded_tags(html) == (
        "<html><body><p>Visit Poinbank today</p><p>More text.</p></body></html>", 1)
    image = f'<p><img src="data:image/png;base64,{"QUJD" * 50_000}=="> caption</p>'
    assert strip_crowded_tags(image) == (image, 0)
    bare = " ".join(f"a{i}" for i in range(5 * MAX_ATTRIBUTES))  # names without values
    assert strip_crowded_tags(f"<p {bare}>Text</p>") == ("<p>Text</p>", 1)
    slashes = "/".join(f"a{i}" for i in range(5 * MAX_ATTRIBUTES))  # the parser splits at `/` too
    assert strip_crowded_tags(f"<p/{slashes}>Text</p>") == ("<p>Text</p>", 1)
    alt = f'<p><img alt="{"many words " * 5000}"> caption</p>'  # one value of many words
    assert strip_crowded_tags(alt) == (alt, 0)
    report = detector.scan_html(html)
    assert "Visit Poinbank today" in report.segments[0].text
    assert any(e.startswith("attributes: 1 tags") for e in report.errors)


def test_a_byte_order_mark_before_the_document_is_no_text(detector) -> None:
    source = ("<html><head><title>Rail plan approved</title></head><body><h1>Rail plan "
              "approved</h1><p>BERLIN (AP) \u2014 Germany's parliament approved a plan.</p>"
              "</body></html>")
    assert detector.scan_html("\ufeff" + source).text == detector.scan_html(source).text
