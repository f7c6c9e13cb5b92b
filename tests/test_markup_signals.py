"""Markup signals at the boundary of their named thresholds (no model needed)."""

from __future__ import annotations

from spamdet.html import parse_html
from spamdet.records import Document
from spamdet.signals import markup as mk
from spamdet.signals.markup import MarkupContext, MarkupView

ARTICLE = ("<p>The city council voted on Tuesday to approve a new light rail line linking the "
           "airport with the downtown business district.</p><p>Supporters said the line would "
           "cut commuting times and reduce traffic on the main highway.</p>")


def fired(body: str, head: str = "") -> dict[str, set[str]]:
    """Block text -> names of the markup signals that fire on it."""
    html = (f"<html><head><link rel=canonical href='https://www.courier.test/a'>{head}</head>"
            f"<body><main><article><h1>Council backs rail line</h1>{ARTICLE}{body}"
            "</article></main></body></html>")
    page = parse_html(Document("t", html, kind="html"))
    ctx = MarkupContext.build(page)
    out = {}
    for i, seg in enumerate(page.segments):
        view = MarkupView(ctx, i)
        out[seg.text] = {n for n, fn in mk.MARKUP_SIGNALS.items() if fn(view) >= mk.FIRES}
    return out


def _links(n: int, hosts: int, anchors: list[str]) -> str:
    return " ".join(f'<a href="https://site{k % hosts}.test/{k}">{anchors[k % len(anchors)]}</a>'
                    for k in range(n))


def _block(signals: dict[str, set[str]], word: str) -> set[str]:
    return next(names for text, names in signals.items() if word in text)


def test_link_farm_min_links() -> None:
    casino = ["casino bonus"]
    n = mk.LINK_FARM_MIN_LINKS
    assert "link_farm" in _block(fired(f"<div>{_links(n, n, casino)}</div>"), "casino")
    assert "link_farm" not in _block(fired(f"<div>{_links(n - 1, n, casino)}</div>"), "casino")


def test_link_farm_min_hosts_and_commercial_share() -> None:
    n, hosts = mk.LINK_FARM_MIN_LINKS, mk.LINK_FARM_MIN_HOSTS
    assert "link_farm" in _block(fired(f"<p>{_links(n, hosts, ['casino bonus'])}</p>"), "casino")
    assert "link_farm" not in _block(
        fired(f"<p>{_links(n, hosts - 1, ['casino bonus'])}</p>"), "casino")
    share = mk.LINK_FARM_COMMERCIAL_SHARE
    anchors = ["casino bonus"] * 3 + ["garden tips"] * 7  # 3 of 10 selling = the share
    assert share == 0.3
    assert "link_farm" in _block(fired(f"<p>{_links(10, 10, anchors)}</p>"), "garden")
    anchors = ["casino bonus"] * 2 + ["garden tips"] * 8
    assert "link_farm" not in _block(fired(f"<p>{_links(10, 10, anchors)}</p>"), "garden")


def test_hidden_links_min_hosts() -> None:
    k = mk.HIDDEN_MIN_LINKS
    names = ["garden tips", "holiday homes", "school news", "bike repair"]
    html = f'<div style="display:none">{_links(k, k, names)}</div>'
    assert "hidden_links" in _block(fired(html), "garden")
    html = f'<div style="display:none">{_links(k, k - 1, names)}</div>'
    assert "hidden_links" not in _block(fired(html), "garden")
    html = f'<nav class="menu" style="display:none">{_links(k, k, names)}</nav>'
    assert "hidden_links" not in _block(fired(html), "garden")
    # an accordion or FAQ answer is UI a reader opens, as a menu is; commercial words still fire
    html = f'<div class="faq-answer" style="display:none">{_links(k, k, names)}</div>'
    assert "hidden_links" not in _block(fired(html), "garden")
    html = f'<div class="accordion" hidden>{_links(k, k, ["casino bonus"])}</div>'
    assert "hidden_links" in _block(fired(html), "casino")


def test_hidden_commercial_words_without_links() -> None:
    assert "hidden_links" in _block(fired('<p hidden>viagra and cialis here</p>'), "viagra")
    assert "hidden_links" not in _block(fired('<p hidden>viagra here, nothing else</p>'),
                                        "viagra")
    assert mk.HIDDEN_MIN_COMMERCIAL == 2


def test_commercial_anchor_needs_prose_and_offsite_and_offtopic() -> None:
    para = ("<p>Officials said the station would open next year, and {link} was not part "
            "of the plan approved this week.</p>")
    link = '<a href="https://x.test/">best casino</a>'
    assert "commercial_anchor" in _block(fired(para.format(link=link)), "Officials")
    internal = '<a href="/casino">best casino</a>'
    assert "commercial_anchor" not in _block(fired(para.format(link=internal)), "Officials")
    short = f"<p>See {link} now</p>"
    assert "commercial_anchor" not in _block(fired(short), "See")
    # on topic: the article itself talks about casinos (the boundary count is OFFTOPIC_MAX_COUNT)
    sentence = "The casino plan was debated again at length."
    topical = "<p>" + " ".join([sentence] * mk.OFFTOPIC_MAX_COUNT) + "</p>"
    assert "commercial_anchor" not in _block(fired(topical + para.format(link=link)),
                                             "Officials")
    once = "<p>" + " ".join([sentence] * (mk.OFFTOPIC_MAX_COUNT - 1)) + "</p>"
    assert "commercial_anchor" in _block(fired(once + para.format(link=link)), "Officials")


def test_keyword_stuffing_repeats_and_share() -> None:
    r = mk.STUFFING_MIN_REPEATS
    words = ["jerseys"] * r + ["cheap", "wholesale", "online", "china", "discount", "blue"]
    assert len(words) >= mk.STUFFING_MIN_WORDS
    html = f'<div style="display:none">{" ".join(words)}</div>'
    assert "keyword_stuffing" in _block(fired(html), "jerseys")
    words = ["jerseys"] * (r - 1) + ["cheap", "wholesale", "online", "china", "discount", "blue",
                                     "red"]
    html = f'<div style="display:none">{" ".join(words)}</div>'
    assert "keyword_stuffing" not in _block(fired(html), "jerseys")
    visible = " ".join(["jerseys"] * 6 + ["cheap", "online", "sale"])
    assert "keyword_stuffing" not in _block(fired(f"<p>{visible}</p>"), "jerseys")


def test_meta_spam() -> None:
    signals = fired("", head='<meta name="keywords" content="rail, casino bonus">')
    assert "meta_spam" in signals["rail, casino bonus"]
    signals = fired("", head='<meta name="keywords" content="rail, council, airport">')
    assert "meta_spam" not in signals["rail, council, airport"]


def test_title_brand_and_site_name() -> None:
    signals = fired("", head="<title>Council backs rail line | Zorvantix</title>")
    assert "title_brand" in signals["Council backs rail line | Zorvantix"]
    signals = fired("", head="<title>Council backs rail line | Courier</title>")
    assert "title_brand" not in signals["Council backs rail line | Courier"]
    assert mk.names_site("The Courier", None) is False


def test_template_and_link_list() -> None:
    signals = fired('<aside><p>About us and other things we do here</p></aside>'
                    '<p><a href="/a">A whole line that is one link</a></p>')
    assert "template_block" in signals["About us and other things we do here"]
    assert "link_list" in signals["A whole line that is one link"]


def test_a_crypto_story_keywords_are_on_topic(detector) -> None:
    # a Coinbase story that says `cryptocurrency` once is about crypto: its meta keywords
    # are not off-topic spam
    story = ("<p>Shares of Coinbase Global rose 9% in extended trading on Thursday after the "
             "largest U.S. cryptocurrency exchange reported revenue that beat forecasts.</p>"
             "<p>Trading volume rose as bitcoin climbed to a record, and the company said its "
             "stablecoin business grew.</p><p>Analysts said the blockchain firm had cut costs "
             "and widened its services beyond trading.</p>")
    page = ("<html><head><title>Coinbase shares jump after revenue beats forecasts</title>"
            "<meta name='keywords' content='Coinbase, Cryptocurrency, Earnings'></head><body>"
            f"<h1>Coinbase shares jump after revenue beats forecasts</h1>{story}</body></html>")
    report = detector.scan_html(page)
    assert not report.contaminated, [(s.text, s.reasons) for s in report.segments
                                     if s.label != "clean"]


def test_a_meta_description_that_summarises_the_article_is_not_spam(detector) -> None:
    first = ("Alaska Airlines said on Tuesday it had ordered 50 Boeing 737 MAX 10 jets, betting "
             "that demand for travel will keep growing.")
    page = ("<html><head><title>Alaska Airlines orders 50 Boeing jets</title><meta "
            f"name='description' content='{first}'></head><body><h1>Alaska Airlines orders 50 "
            f"Boeing jets</h1><p>{first}</p><p>The airline expects the first deliveries in "
            "2027 and will retire older planes as they arrive.</p><p>Shares rose 2% in "
            "morning trading after the announcement.</p></body></html>")
    assert not detector.scan_html(page).contaminated
    spam = page.replace(f"content='{first}'", "content='Best online casino bonus, betting "
                                             "odds and poker tonight'")
    assert detector.scan_html(spam).contaminated


def _lone(detector, before: str, after: str = "") -> dict[str, set[str]]:
    """Block text -> markup signals, with the model's lexicon (`lone_name` needs it)."""
    html = ("<html><head></head><body><main><article><h1>Council backs rail line</h1>"
            f"{before}{ARTICLE}{after}</article></main></body></html>")
    page = parse_html(Document("t", html, kind="html"))
    ctx = MarkupContext.build(page, detector.model.lexicon)
    return {seg.text: {n for n, fn in mk.MARKUP_SIGNALS.items()
                       if fn(MarkupView(ctx, i)) >= mk.FIRES}
            for i, seg in enumerate(page.segments)}


def test_a_coined_name_alone_in_the_article_flow_is_injected(detector) -> None:
    assert "lone_name" in _lone(detector, "<p>Bravomint</p>")["Bravomint"]
    assert "lone_name" in _lone(detector, "", "<div>Trenquil Capital</div>")["Trenquil Capital"]
    report = detector.scan_html("<html><body><article><h1>Council backs rail line</h1>"
                                f"<p>Bravomint</p>{ARTICLE}</article></body></html>")
    assert [sp.text for seg in report.segments for sp in seg.spans] == ["Bravomint"]


def test_what_is_not_a_lone_coined_name(detector) -> None:
    for block, text in [
        ("<p>Walter Quennick</p>", "Walter Quennick"),        # a letter's signature
        ("<p>Publisher KrovixGames</p>", "Publisher KrovixGames"),   # a field and its value
        ("<p>Family: Bignoniaceae</p>", "Family: Bignoniaceae"),  # a label
        ("<p>Photo: Unnati Chauhan</p>", "Photo: Unnati Chauhan"),
        ("<p>Cowboom!</p>", "Cowboom!"),                      # a pun, exclaimed
        ("<p>Arrrrgh</p>", "Arrrrgh"),                        # drawn out
        ('<p class="byline">Velzara</p>', "Velzara"),         # marked a byline
        ("<h2>Velzara</h2>", "Velzara"),                      # a heading
        ("<p>Railtrex</p><p>Railtrex said it would bid for the contract to build "
         "the line.</p>", "Railtrex"),                        # the story names it
    ]:
        assert "lone_name" not in _lone(detector, "", block)[text], block


def test_title_brand_wants_a_word_english_has_never_seen(detector) -> None:
    """A title's side chunk is a brand when a word of it is coined (`Zorvantix`), not when
    the training corpus merely never used it: a column's label (`Factbox:`, `Timeline:`)
    or a news outlet's name (`| Bloomberg`)."""
    def title(text: str) -> set[str]:
        html = f"<html><head><title>{text}</title></head><body>{ARTICLE}</body></html>"
        page = parse_html(Document("t", html, kind="html"))
        ctx = MarkupContext.build(page, detector.model.lexicon)
        i = next(i for i, seg in enumerate(page.segments) if seg.text == text)
        return {n for n, fn in mk.MARKUP_SIGNALS.items() if fn(MarkupView(ctx, i)) >= mk.FIRES}

    assert "title_brand" in title("Council backs rail line | Zorvantix")
    assert "title_brand" in title("Zorvantix: Council backs rail line")
    for text in ["Factbox: Council backs rail line", "Timeline: Council backs rail line",
                 "Commentary: Council backs rail line", "Council backs rail line | Bloomberg"]:
        assert "title_brand" not in title(text), text


def test_a_lone_coined_name_in_the_article_among_short_lines(detector) -> None:
    """Inside the `<article>` a lone coined name needs no paragraph beside it (a results
    table's short lines), and a related list repeating it (`Visit Bravomint`) does not make
    it a name the page says elsewhere."""
    lines = "<p>Net loss 4,466,006 vs loss 9,091,688</p><div>Bravomint</div><p>Revs 608,181</p>"
    assert "lone_name" in _lone(detector, lines)["Bravomint"]
    related = "<aside><ul><li><a href='/x'>Seniors Born Before 1965 Should Check This New " \
              "Program — Visit Bravomint</a></li></ul></aside>"
    html = ("<html><head></head><body><main><article><h1>Council backs rail line</h1>"
            f"<div>Bravomint</div>{ARTICLE}</article>{related}</main></body></html>")
    page = parse_html(Document("t", html, kind="html"))
    ctx = MarkupContext.build(page, detector.model.lexicon)
    i = next(i for i, seg in enumerate(page.segments) if seg.text == "Bravomint")
    assert mk.lone_name(MarkupView(ctx, i)) == 1.0
