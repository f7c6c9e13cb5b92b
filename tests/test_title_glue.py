"""`glued_in_title`: a short name glued to the title by a run of symbols (a rule after the
model), and the titles it leaves alone."""

from __future__ import annotations

import pytest

from spamdet.title_glue import EDGE_RULE, INSIDE_RULE, SET_OFF_RULE, SPLICE_RULE, TITLE_RULE

TITLE = "Harbour council approves dredging plan after long dispute"
BODY = ("The harbour council voted six to three on Tuesday to approve a dredging plan that will "
        "deepen the main channel for larger cargo ships.\n"
        "Work is due to start in the spring and should take about two years, the council's "
        "engineer told the meeting.\n"
        "Fishing groups said they would study the plan before deciding whether to appeal.\n")


def flagged(detector, title: str, body: str = BODY) -> list[str]:
    report = detector.scan_text(f"{title}\n{body}")
    return [sp.text for seg in report.segments if TITLE_RULE in seg.reasons for sp in seg.spans]


@pytest.mark.parametrize("title, name", [
    (f"Silver Harbor##{TITLE}", "Silver Harbor"),   # ordinary words, title case
    (f"Orbex Pro**{TITLE}", "Orbex Pro"),
    (f"Gainly={TITLE}", "Gainly"),
    (f"newsfast.xyz+++{TITLE}", "newsfast.xyz"),     # a web address
    (f"Zylo Capital--{TITLE}", "Zylo Capital"),
    (f"Silver Harbor❯{TITLE}", "Silver Harbor"),     # a symbol glued
    (f"{TITLE}**Vellum Daily", "Vellum Daily"),      # at the end
    (f"{TITLE}.>>Quorbit", "Quorbit"),
    (f"Silver Harbor ★ {TITLE}", "Silver Harbor"),   # set off by spaces at the start
    (f"Zylo Capital ## {TITLE}", "Zylo Capital"),
])
def test_a_name_glued_to_the_title_is_injected(detector, title: str, name: str) -> None:
    text = f"{title}\n{BODY}"
    report = detector.scan_text(text)
    assert report.verdict == "contaminated"
    assert name in [sp.text for seg in report.segments for sp in seg.spans]
    cleaned = detector.clean(text)
    assert name not in cleaned and "dredging plan" in cleaned.splitlines()[0]


def test_the_rule_finds_what_the_model_misses(detector) -> None:
    assert flagged(detector, f"Silver Harbor##{TITLE}") == ["Silver Harbor"]
    report = detector.scan_text(f"Silver Harbor ★ {TITLE}\n{BODY}")
    assert [(sp.text, seg.reasons[0]) for seg in report.segments for sp in seg.spans] == [
        ("Silver Harbor", SET_OFF_RULE)]


@pytest.mark.parametrize("title", [
    "E=mc2 explained: the physics behind the famous equation",   # one letter
    "Stocks--Dow falls as oil prices jump again",                # an ordinary word
    "Rolls-Royce to cut 3,000 jobs in engine unit",              # a hyphenated name
    "C++Builder update ships today for Windows developers",
    "Disney+ raises prices again for ad-free subscribers",
    f"{TITLE}|Harbour Times",                                    # one bar: a site's name
    f"Harbour Council##{TITLE}",                                 # the story's own words
    "Silver Harbor##Two words",                                  # too little title left
    f"Silver Harbor##{TITLE.lower()}",                           # no title after it
    f"Opinion | {TITLE}", f"Harbour Times | {TITLE}",            # a site's name or section
    f"BBC News - {TITLE}", f"Analysis: {TITLE}",
    f"UK ● {TITLE}",                                              # a place
    f"Breaking News ★ {TITLE}",                                   # page furniture
])
def test_what_is_not_a_glued_name(detector, title: str) -> None:
    assert flagged(detector, title) == []


def set_off(detector, title: str) -> list[str]:
    report = detector.scan_text(f"{title}\n{BODY}")
    return [sp.text for seg in report.segments if SET_OFF_RULE in seg.reasons
            for sp in seg.spans]


@pytest.mark.parametrize("title, name", [
    ("Quorbit UPDATE 1-Harbour council approves dredging plan", "Quorbit"),
    ("KORVEXA FACT CHECK 1-Harbour council approves dredging plan", "KORVEXA"),
    ("Silver Harbor ANALYSIS 2-Harbour council approves dredging plan", "Silver Harbor"),
])
def test_a_name_before_a_wire_label_is_set_off(detector, title: str, name: str) -> None:
    """A wire service's label (`UPDATE 1-`) opens a title: what stands before it was put
    there."""
    assert set_off(detector, title) == [name]


@pytest.mark.parametrize("title", [
    "UPDATE 1-Harbour council approves dredging plan",           # the label alone
    "Harbour UPDATE 1-Council approves it",                      # too little title after it
    "Harbour council approves plan UPDATE 1-after long dispute",  # five words: no name
])
def test_what_is_not_before_a_wire_label(detector, title: str) -> None:
    assert set_off(detector, title) == []


def test_only_the_title_line_is_read(detector) -> None:
    """A glued run inside the body is another rule's business (or none)."""
    body = BODY.replace("Fishing groups", "Silver Harbor##Fishing groups")
    assert flagged(detector, TITLE, body) == []


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_a_glued_name_with_accents_is_found_in_either_form(detector, form: str) -> None:
    """In NFD an accent is a combining mark after its letter: it stays in the name."""
    import unicodedata

    title = unicodedata.normalize(form, f"Crédivo Pro##{TITLE}")
    assert [unicodedata.normalize("NFC", s) for s in flagged(detector, title)] == ["Crédivo Pro"]


def edge_flagged(detector, title: str, body: str = BODY) -> list[str]:
    report = detector.scan_text(f"{title}\n{body}")
    return [sp.text for seg in report.segments if EDGE_RULE in seg.reasons for sp in seg.spans]


@pytest.mark.parametrize("title, name", [
    (f"{TITLE} Zorvex", "Zorvex"),                     # a coined word after a space
    (f"{TITLE} Orbex Pro", "Orbex Pro"),               # with the capitalised words after it
    (f"{TITLE} KORVEXA", "KORVEXA"),
    (f"{TITLE} newsfast.xyz", "newsfast.xyz"),         # a site's address
    ("Is the harbour plan worth it? Zorvex", "Zorvex"),  # after a question
    (f"{TITLE} Nexa™", "Nexa™"),                       # a trademark sign on a known word
    ("Harbour council approves dredging plan for 2027 Zorvex", "Zorvex"),  # after a year
    ("Harbour council approves dredging plan of the U.S. Zorvex", "Zorvex"),  # initials
    ("Zorvex Harbour council approves dredging plan after dispute", "Zorvex"),  # at the start
    ("Orbex Pro Harbour council approves dredging plan after dispute", "Orbex Pro"),
    ("Harbour council approves Cryptovate dredging plan after dispute", "Cryptovate"),  # inside
    ("Harbour council approves Orbex Pro dredging plan after dispute", "Orbex Pro"),
    ("Harbour council eToroZ approves dredging plan after dispute", "eToroZ"),
    ("moonboss Harbour council approves dredging plan after dispute", "moonboss"),  # lower
])
def test_a_coined_name_a_space_sets_off_in_the_title_is_injected(detector, title: str,
                                                                  name: str) -> None:
    """At the title's end or start, or inside a title in sentence case after a word in lower
    case: found by a rule, or by the model before it (the rule adds nothing then)."""
    report = detector.scan_text(f"{title}\n{BODY}")
    assert report.verdict == "contaminated"
    assert [sp.text for seg in report.segments for sp in seg.spans] == [name]


@pytest.mark.parametrize("title", [
    f"{TITLE} Silver Harbor",                           # no coined word
    "Harbour council approves dredging plan for Zorvex",  # the title's own object
    "Harbour council agrees to buy Zorvex",
    "Harbour council approves plan, Zorvex says",       # after a comma
    "Dredging plan costs rise to 18 mlnz",              # after a number
    "Harbour council approves dredging plan | Zorvex",  # a separator: the site's name
    "Harbour council approves dredging plan Brewiing",  # a typo of a common word
    "The harbour council approved the plan on Tuesday Zorvex.",  # a sentence, not a title
    "Zorvex approves dredging plan after long dispute",  # at the start: the story's subject
    "Zorvex Corp Harbour unit approves dredging plan",  # ... a company and its unit
    "Zorvex Harbour Council Approves Dredging Plan",    # in title case
    "Zorvex: Harbour council approves dredging plan",   # a colon: the site's name, the model's
])
def test_what_is_not_a_coined_name_at_the_title_end(detector, title: str) -> None:
    assert edge_flagged(detector, title) == []


def test_the_coined_word_alone_where_the_article_uses_the_words_after_it(detector) -> None:
    """`KORVEXA Harbour Council approves…`: the title opens on a name the article uses, so
    only the coined word before it was put there."""
    title = "KORVEXA Harbour Board approves dredging plan after long dispute"
    body = BODY.replace("The harbour council", "The Harbour Board", 1)
    assert edge_flagged(detector, title, body) == ["KORVEXA"]


def test_zorvex_in_the_article_is_its_subject(detector) -> None:
    body = BODY.replace("The harbour council", "Zorvex and the harbour council", 1)
    assert edge_flagged(detector, f"{TITLE} Zorvex", body) == []


@pytest.mark.parametrize("title, name", [
    (f"{TITLE} ❯ Nexa™", "Nexa™"),
    (f"Nexa™ | {TITLE}", "Nexa™"),
])
def test_a_trademarked_word_on_the_title_reads_as_coined(detector, title: str, name: str) -> None:
    """`nexa` is a word English knows; with its sign it is a brand's coinage, to the model
    too (`context.layout`), and the span and the cleaning take the sign with it."""
    report = detector.scan_text(f"{title}\n{BODY}")
    assert [sp.text for seg in report.segments for sp in seg.spans] == [name]
    assert "™" not in detector.clean(f"{title}\n{BODY}")


def test_a_brand_the_article_names_with_its_sign_is_its_subject(detector) -> None:
    title = "Harbour council picks Windows® for its records"
    body = BODY.replace("The harbour council voted", "The harbour council, which runs "
                        "Windows® on its desks, voted", 1) + "Windows® will be updated.\n"
    assert detector.scan_text(f"{title}\n{body}").verdict == "clean"


def inside_flagged(detector, title: str, body: str = BODY) -> list[str]:
    report = detector.scan_text(f"{title}\n{body}")
    return [sp.text for seg in report.segments if INSIDE_RULE in seg.reasons for sp in seg.spans]


@pytest.mark.parametrize("title", [
    "Harbour Council Approves Cryptovate Dredging Plan After Dispute",  # title case
    "China Cryptovate in talks to buy harbour dredger",     # one name with the word before
    "Harbour council to buy Cryptovate dredging unit",      # the title's object
    "Harbour council's Cryptovate dredging plan approved",  # a possessive's
    "Dredging: Cryptovate plan approved after long dispute",  # after a colon: the subject
    "A theory on the aftermath of Arafats passing in Paris",  # a known word's plural
    "Council approves Cryptovate plan",                     # too short to read
])
def test_what_is_not_a_name_wedged_into_a_title(detector, title: str) -> None:
    assert inside_flagged(detector, title) == []


def test_a_name_inside_the_title_the_body_cases_otherwise_is_its_subject(detector) -> None:
    body = BODY.replace("The harbour council", "CryptoVate Corp and the harbour council", 1)
    title = "Harbour council approves Cryptovate dredging plan after dispute"
    assert inside_flagged(detector, title, body) == []


def spliced(detector, title: str, body: str = BODY) -> list[str]:
    report = detector.scan_text(f"{title}\n{body}")
    return [sp.text for seg in report.segments if SPLICE_RULE in seg.reasons for sp in seg.spans]


NAMED_BODY = BODY.replace("The harbour council voted", "The Harbour Board voted", 1)


@pytest.mark.parametrize("title, body, name", [
    # in title case, before a name the article uses
    ("Quorbit Harbour Board Approves Dredging Plan", NAMED_BODY, "Quorbit"),
    ("Quorbit Harbour Board approves dredging plan", NAMED_BODY, "Quorbit"),
    # between two words the article has side by side
    ("Harbour Council Quorbit Voted Six to Three on Dredging Plan", BODY, "Quorbit"),
    ("Harbour council moonboss voted six to three on dredging plan", BODY, "moonboss"),
    # between two words the article does not join, when it uses all the title's others
    ("Council Engineer Quorbit Says Dredging Work Starts in Spring", BODY, "Quorbit"),
])
def test_a_coined_name_spliced_into_a_phrase_of_the_article(detector, title: str, body: str,
                                                           name: str) -> None:
    """The words on either side of the name stand side by side in the article (or, at the
    start, the two after it as a name): the name breaks a phrase of the story's."""
    report = detector.scan_text(f"{title}\n{body}")
    assert report.verdict == "contaminated"
    assert [sp.text for seg in report.segments for sp in seg.spans] == [name]


@pytest.mark.parametrize("title, body", [
    ("Zorvex Harbour Council Approves Dredging Plan", BODY),  # `harbour council`: no name
    ("Zorvex Corp Harbour Board Approves Dredging Plan", NAMED_BODY),  # a company's name
    ("Zorvex: Harbour Board Approves Dredging Plan", NAMED_BODY),  # the title's label
    ("Hbc Harbour Board Approves Dredging Plan",            # the article spells it out
     NAMED_BODY + "The Harbour Board of Commissioners (HBC) met.\n"),
    ("Harbour Council Dredgeplan Voted Six to Three", BODY),  # a compound of its words
    ("Harbour Council Voted Six to Three on Dreging Plan", BODY),  # a typo
    ("Council Engineer Outvoted Says Dredging Work Starts in Spring", BODY),  # an English
    ("Council Engineer (crcl.to) Says Dredging Work Starts in Spring", BODY),  # prefix; a
    ("Council Engineer Mftg Says Dredging Work Starts in Spring", BODY),  # ticker; no vowel
])
def test_what_is_not_spliced_into_a_title(detector, title: str, body: str) -> None:
    assert spliced(detector, title, body) == []


LONG_BODY = BODY + (
    "The port handles most of the region's grain exports and has lost traffic to deeper "
    "harbours along the coast in recent years, its managers said.\n"
    "Opponents argued that the work would disturb the fish that spawn near the mouth of the "
    "river and that the cost had been understated by the council.\n")


@pytest.mark.parametrize("title, body", [
    ("Harbour Council Approves Quorbit Budget for Ferry Terminal", BODY),  # a short story
    ("Harbour Council Hires Quorbit Corp to Dredge Channel", LONG_BODY),  # a company's name
    ("Harbour Council Hires Quorbit <qrb.o> to Dredge Channel", LONG_BODY),  # ... ticker
    ("Harbour Corp Quorbit Approves Dredging Plan After Dispute", LONG_BODY),  # ... a ticker
    ("Harbour Norske Quorbit Approves Dredging Plan After Dispute", LONG_BODY),  # a name's
    ("Quorbit Ferry Terminal Budget Approved by Council", LONG_BODY),  # at the start
    ("Harbour Council Unveils Quorbit Budget for Ferry Terminal", LONG_BODY),  # an object
    ("Harbour: Quorbit Budget Approved for Ferry Terminal", LONG_BODY),  # after a label
    ("Harbour council approves grubbiest budget for ferry terminal", LONG_BODY),  # English
    ("Institute Sees W.german Output Fall In 1987", LONG_BODY),  # an initial's abbreviation
    ("Harbour Council Approves A320 Order for Ferry Terminal", LONG_BODY),  # a model's number
    ("Belgolux Trade Moves Into Surplus in 1986",                  # the article's names,
     LONG_BODY + "The Belgo-Luxembourg Economic Union moved into surplus.\n"),  # clipped
])
def test_what_a_long_story_does_not_show_spliced(detector, title: str, body: str) -> None:
    assert spliced(detector, title, body) == []


@pytest.mark.parametrize("title, name", [
    ("Harbour Council Approves Quorbit Budget for Ferry Terminal", "Quorbit"),
    ("Harbour council approves newsfast.xyz budget for ferry terminal", "newsfast.xyz"),
    ("Harbour Council Approves Top10Trade Budget for Ferry Terminal", "Top10Trade"),
])
def test_a_coined_word_a_long_story_never_uses_is_spliced(detector, title: str,
                                                          name: str) -> None:
    """In a title of any case, a coined word after a common one, which a story of
    `MIN_PROSE_WORDS` words or more never uses (`Tribune Says Layoff Quorbit Costs…`:
    headlines paraphrase, so the words around it need not be the story's); so is a word
    only a brand is shaped as (a site's address in lower case, digits between letters)."""
    assert spliced(detector, title, LONG_BODY) == [name]


def test_word_starts_cost_no_more_than_the_words(detector) -> None:
    """`Nipsco`-style starts are checked in one pass over the words: trying every split
    took seconds on a title word of twenty letters over look-alike prose (an attacker's
    page), and doubled with each letter more."""
    import time

    from spamdet.article_words import ArticleWords

    prose = ArticleWords.of([" ".join(["xxxxxxxx"] * 400) + "."])
    started = time.perf_counter()
    assert not prose.accounted("X" + "x" * 400 + "q", detector.model.lexicon)
    assert time.perf_counter() - started < 5


def test_the_article_accounts_for_words_it_never_uses(detector) -> None:
    from spamdet.article_words import ArticleWords

    lexicon = detector.model.lexicon
    prose = ArticleWords.of(["The New York Futures Exchange sold seats to Carroon and Black Corp",
                             "on timecharter, and sunflower oil, said the Federal Home Loan "
                             "Bank Board, warning influencers in Belgium and Luxembourg.",
                             "Northern Indiana Public Service Co said so."])
    for word in ("Nyfe", "Fhlbb", "Corroon", "Timechartering", "Sunoil", "finfluencers",
                 "Belgolux", "Nipsco"):
        assert prose.accounted(word, lexicon), word
    for word in ("Quorbit", "Cryptovate", "moonboss", "KORVEXA"):
        assert not prose.accounted(word, lexicon), word
    assert prose.side_by_side("Futures", "exchange") and not prose.side_by_side("of", "the")
    assert prose.side_by_side("Futures", "Exchange", named=True)
    assert not prose.side_by_side("sunflower", "oil", named=True)


def test_a_name_glued_to_both_title_and_headline_of_an_html_page(detector) -> None:
    """A template that puts its brand before the `<title>` and the `<h1>` alike (the example
    page's `Poinbank:`): the headline's copy is no use of the name by the article."""
    title = "moonboss -- Harbour council approves dredging plan after long dispute"
    paragraphs = "".join(f"<p>{line}</p>" for line in BODY.splitlines())
    page = (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"{paragraphs}</article></body></html>")
    report = detector.scan_html(page)
    assert report.verdict == "contaminated"
    assert [sp.text for seg in report.segments for sp in seg.spans] == ["moonboss", "moonboss"]
