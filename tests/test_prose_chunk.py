"""`set_off_in_prose`: a short name set off by a symbol at a paragraph's start or end, or
between its sentences (a rule after the model), and what it leaves alone."""

from __future__ import annotations

import pytest

from spamdet.prose_chunk import CHUNK_RULE

TITLE = "Harbour council approves dredging plan after long dispute"
LEAD = ("The harbour council voted six to three on Tuesday to approve a dredging plan that will "
        "deepen the main channel for larger cargo ships.")
NEXT = ("Work is due to start in the spring and should take about two years, the council's "
        "engineer told the meeting.")
REST = "Fishing groups said they would study the plan before deciding whether to appeal."


def page(paragraph: str) -> str:
    return f"{TITLE}\n{paragraph}\n{REST}\n"


def flagged(detector, text: str) -> list[str]:
    report = detector.scan_text(text)
    return [sp.text for seg in report.segments if CHUNK_RULE in seg.reasons for sp in seg.spans]


@pytest.mark.parametrize("paragraph, name", [
    (f"{LEAD} ★ Silver Harbor", "Silver Harbor"),           # ordinary words, title case
    (f"{LEAD} — AP ● Orbex Pro", "Orbex Pro"),              # after the sentence's credit
    (f"{LEAD} >> moonboss", "moonboss"),                    # lower case, never seen
    (f"{LEAD} Vellum Daily ❯ {NEXT}", "Vellum Daily"),      # between two sentences
    (f"{LEAD}🔥KORVEXA", "KORVEXA"),                         # glued to an emoji
    (f"{LEAD} ## newsfast.xyz", "newsfast.xyz"),            # a web address
    (f"Silver Harbor ::: {LEAD}", "Silver Harbor"),          # before the first sentence
    (f"Silver Harbor ❯ TORONTO (AP) — {LEAD}", "Silver Harbor"),   # ... and its dateline
    (f"Money. Silver Harbor ≫ {LEAD}", "Silver Harbor"),     # after a one-word sentence
    (f"{LEAD} ❯ Nexa™", "Nexa™"),                            # an English word, trademarked
    (f"{LEAD} 🚀MoonX ● {NEXT}", "🚀MoonX"),                  # a name opening with emoji
    (f"{LEAD} ★ Lumio & Co", "Lumio & Co"),                   # an ampersand
    (f"{LEAD} ︱ Silver Harbor", "Silver Harbor"),             # an East Asian bar
])
def test_a_name_set_off_in_a_paragraph_is_injected(detector, paragraph: str, name: str) -> None:
    """Found by the rule, or by the model before it (the rule adds nothing then)."""
    text = page(paragraph)
    report = detector.scan_text(text)
    assert report.verdict == "contaminated"
    assert [sp.text for seg in report.segments for sp in seg.spans] == [name]
    cleaned = detector.clean(text)
    assert name not in cleaned and LEAD[:-1] in cleaned


def test_the_rule_finds_what_the_model_misses(detector) -> None:
    assert flagged(detector, page(f"{LEAD} ★ Silver Harbor")) == ["Silver Harbor"]
    assert flagged(detector, page(f"{LEAD} — AP ● Orbex Pro")) == ["Orbex Pro"]
    assert flagged(detector, page(f"Silver Harbor ★ {LEAD}")) == ["Silver Harbor"]


@pytest.mark.parametrize("paragraph", [
    f"{LEAD} | Reuters",                                # a credit
    f"{LEAD} 📷 Getty Images",                          # a photo credit
    f"{LEAD} ▪ Staff Photo",
    f"{LEAD} » Read more",                              # page furniture
    f"{LEAD} → Next Story",
    f"{LEAD} ★★★★☆",                                    # a rating
    f"{LEAD} ✔ Verified",                               # one ordinary word
    f"{LEAD} ✔ Harbour Council™",                       # the story's own words, marked
    f"{LEAD} ❯ & Co",                                   # no name
    f"{LEAD} ☎ 555-1234",                               # no letters
    f"{LEAD} ⓒ Harbour Times",                          # a copyright mark
    f"{LEAD} — Jane Smith",                             # dashes are prose's own
    "Papers of particular interest, published recently, have been highlighted as: •• Of "
    "major importance",                                 # not a name
    "Scores from the weekend matches played in the northern division on Saturday ■ Premier "
    "League",                                           # no sentence before it
    f"{LEAD} ★ Harbour Council",                        # the story's own words
    f"LONDON ● {LEAD}",                                 # a dateline's city
    f"Breaking News ● {LEAD}",                          # page furniture at the start
    f"Update ▸ {LEAD}",                                 # one ordinary word
    f"Front Page » Harbour News » {LEAD}",              # a breadcrumb trail
    f"Silver Harbor ★ {LEAD[4:]}",                      # no sentence after it
])
def test_what_is_not_a_set_off_name(detector, paragraph: str) -> None:
    assert flagged(detector, page(paragraph)) == []


def test_a_short_line_is_not_prose(detector) -> None:
    assert flagged(detector, page("Council votes. ★ Silver Harbor")) == []


@pytest.mark.parametrize("paragraph, name", [
    (f"Apexbank - {LEAD}", "Apexbank"),                     # a spaced dash
    (f"Elocoin / {LEAD}", "Elocoin"),                       # a spaced slash
    (f"Peaknet Daily Labs ~ {LEAD}", "Peaknet Daily Labs"),  # a tilde
    (f"Cashport Insider·{LEAD}", "Cashport Insider"),       # a middle dot, glued
    (f"DELTAGOGATE:{LEAD}", "DELTAGOGATE"),                 # a colon, glued
    (f"bitflow ~~ {LEAD}", "bitflow"),                      # lower case, never seen
    (f"Ivolink\u200b Media - {LEAD}", "Ivolink\u200b Media"),  # a zero-width space inside
])
def test_a_coined_name_set_off_by_a_dash_at_the_start(detector, paragraph: str,
                                                      name: str) -> None:
    """Dashes, slashes and colons are prose's own marks: before a paragraph's first sentence
    they set off a name the rule takes only when English has never seen a word of it. In
    HTML the model leaves a paragraph's unglued chunks alone, so there the rule is all."""
    def found(report) -> str:  # the model may part a name at a zero-width space
        return "".join(sp.text for seg in report.segments for sp in seg.spans)

    bare = "".join(name.replace("\u200b", "").split())
    assert "".join(found(detector.scan_text(page(paragraph))).split()) == bare
    html = f"<html><body><h1>{TITLE}</h1><p>{paragraph}</p><p>{REST}</p></body></html>"
    assert "".join(found(detector.scan_html(html)).replace("\u200b", "").split()) == bare


@pytest.mark.parametrize("paragraph", [
    f"LONDON - {LEAD}",                                     # a dateline's city
    f"Silver Harbor - {LEAD}",                              # no coined word: the writer's
    f"Jane Smith / {LEAD}",
    "Freudo-Marxism — is a loose designation of several schools of thought that sought to "
    "join the work of two thinkers.",                       # a hyphen's compound
    "DOUZIECH: I try to position plants as storytellers, living archives of the past, and "
    "of what people made of it.",                           # an interview's speaker
    f"Quorvane: {LEAD}",                                    # a spaced colon: a speaker too
])
def test_what_a_dash_at_the_start_does_not_set_off(detector, paragraph: str) -> None:
    assert flagged(detector, page(paragraph)) == []


@pytest.mark.parametrize("paragraph, name", [
    (f"{LEAD} -- Orbex Pro", "Orbex Pro"),                  # a dash at the end
    (f"{LEAD} —Tradeo", "Tradeo"),
    ("Oper shr profit six cts vs loss two cts on revenue of 12 mln dlrs vs 9 mln ● KORVEXA",
     "KORVEXA"),                                            # no sentence before it
    (f"{LEAD} — Getty Images ❯ Quorbit", "Quorbit"),        # after a credit
])
def test_a_name_opening_with_a_coined_word_at_the_end(detector, paragraph: str,
                                                      name: str) -> None:
    """At a paragraph's end a name whose first word English has never seen needs no
    sentence before it, and a dash sets it off too."""
    assert [sp.text for seg in detector.scan_text(page(paragraph)).segments
            for sp in seg.spans] == [name]


@pytest.mark.parametrize("paragraph", [
    f"{LEAD} — Jane Kowalczyk",                             # a credit: the surname is last
    f"{LEAD} -- Silver Harbor",                             # no coined word
    "Lorenz M, Wozel G, Schmitt J. Hypersensitivity reactions to dapsone: a systematic "
    "review. Acta Derm Venereol. 2012;92(2):194–199III.",   # a range of pages
])
def test_what_a_dash_at_the_end_does_not_set_off(detector, paragraph: str) -> None:
    assert flagged(detector, page(paragraph)) == []


DATELINE = "SEOUL, South Korea (AP) —"


@pytest.mark.parametrize("paragraph, name", [
    (f"{DATELINE} Silver Harbor ❯ {LEAD}", "Silver Harbor"),  # a symbol after the dateline
    (f"{DATELINE} Zorvex: {LEAD}", "Zorvex"),                 # a spaced colon, coined word
    (f"{DATELINE} Zorvex - {LEAD}", "Zorvex"),                # prose's dash, coined word
    (f"{DATELINE}Zorvex {LEAD}", "Zorvex"),                   # glued to the dash
    ("LONDON, March 3 -Tradeo Tri-Star Pictures Inc said it would sell its studio lot to "
     "raise cash for new films.", "Tradeo"),                  # only the coined word
    (f"{DATELINE} moonboss 🔥 {LEAD}", "moonboss"),            # lower case
    (f"{DATELINE}newsfast.xyz {LEAD}", "newsfast.xyz"),        # a site's address
    (f"{DATELINE} 🚀MoonX ● {LEAD}", "🚀MoonX"),               # a name opening with emoji
    (f"{DATELINE}🚀MoonX {LEAD}", "🚀MoonX"),                  # ... glued to the dash
    (f"{DATELINE}Nexa™ {LEAD}", "Nexa™"),                      # a trademark sign
    (f"{DATELINE} Lumio & Co ▸ {LEAD}", "Lumio & Co"),         # an ampersand
    (f"{DATELINE}Silver Harbor {LEAD}", "Silver Harbor"),      # known words before `The`
])
def test_a_name_set_off_after_the_dateline(detector, paragraph: str, name: str) -> None:
    """Before the first sentence after a dateline's dash: what sets a name off at a
    paragraph's start, a spaced colon, or a coined word glued to the dash."""
    assert flagged(detector, page(paragraph)) == [name]
    assert name not in detector.clean(page(paragraph))


@pytest.mark.parametrize("paragraph", [
    f"{DATELINE} {LEAD}",
    f"{DATELINE} Zorvex {LEAD[4:]}",                        # no mark sets it off
    f"{DATELINE} Silver Harbor: {LEAD}",                    # no coined word
    f"{DATELINE}President {LEAD[4:]}",                      # a word English knows, glued
    f"{DATELINE}Zorvex said on Tuesday it would bid. Zorvex shares rose.",  # the subject
])
def test_what_is_not_set_off_after_the_dateline(detector, paragraph: str) -> None:
    assert flagged(detector, page(paragraph)) == []


@pytest.mark.parametrize("paragraph, name", [
    (f"{LEAD} Zorvex", "Zorvex"),                       # after the last sentence
    (f"{LEAD} Orbex Pro", "Orbex Pro"),
    (f"Zorvex {LEAD}", "Zorvex"),                       # before a sentence's opener
    (f"{LEAD} Orbex Pro It was the third vote this year.", "Orbex Pro"),  # between sentences
    (f"Orbex Pro LONDON (Reuters) - {LEAD}", "Orbex Pro"),  # before the dateline
    (f"KORVEXA NEW YORK, March 2 - {LEAD}", "KORVEXA"),
    (f"Quorbit London, March 12 - {LEAD}", "Quorbit"),  # a known city in title case
    ("Quorbit TORONTO, March 9 (Reuters) - <Dredgeco Ltd> said it won the contract to "
     "deepen the main channel for cargo ships.", "Quorbit"),  # whatever opens the story
    (f"Zylo Capital Frankfurt (UPI) - {LEAD}", "Zylo Capital"),  # the agency's bracket
    (f"Feltrano{LEAD}", "Feltrano"),                    # glued to the sentence's opener
    (f"{LEAD} KORVEXAThey met again on Friday.", "KORVEXA"),
    (f"{LEAD} Nexa™", "Nexa™"),                         # an English word, trademarked
    (f"{LEAD} (Orbex Pro)", "Orbex Pro"),               # in brackets
    (f"{LEAD} (AP) Zorvex", "Zorvex"),                  # after the story's sign-off
    (f"{LEAD[:-1]} REUTER Zorvex", "Zorvex"),
    (f"Cryptovate {LEAD}", "Cryptovate"),               # before any capitalised word
    ("KORVEXA Harbour officials said the dredging plan would deepen the main channel for "
     "larger cargo ships.", "KORVEXA"),
    (f"{LEAD} BestPriceDeals \"We will appeal,\" the fishermen said.", "BestPriceDeals"),
    (f"{LEAD} moonboss Fishing groups said they would appeal.", "moonboss"),  # between
    (f"🚀MoonX {LEAD}", "🚀MoonX"),                       # opening with emoji
    (f"Nexa™ {LEAD}", "Nexa™"),                          # a known word, trademarked
    (f"{LEAD} TradeKing.com Fishing groups said they would appeal.", "TradeKing.com"),
    (f"{LEAD} (moon-x.io)", "moon-x.io"),               # an address of words English knows
    (f"{LEAD} Quorbit Shares of the port operator rose.", "Quorbit"),  # before a common
    (f"{LEAD} Quorbit The vote was the third this year.", "Quorbit"),   # opener, inside
    (f"{LEAD} Silver Harbor The vote was the third this year.", "Silver Harbor"),  # words
    ("Silver Harbor He said the dredging plan would deepen the main channel for larger "
     "cargo ships.", "Silver Harbor"),               # English knows, before an opener
    (f"{LEAD} Quorbit BlackBerry said on Monday it would appeal.", "Quorbit"),  # before a
    (f"{LEAD} Quorbit EVERLAB said on Monday it would appeal.", "Quorbit"),  # word no surname is
])
def test_a_coined_name_set_off_by_a_space(detector, paragraph: str, name: str) -> None:
    """A space alone sets off a name opening with a coined word, at a paragraph's end, or
    before a sentence's opening word or a dateline."""
    report = detector.scan_text(page(paragraph))
    assert report.verdict == "contaminated"
    assert [sp.text for seg in report.segments for sp in seg.spans] == [name]


@pytest.mark.parametrize("paragraph", [
    f"{LEAD} Silver Harbor",                            # no coined word
    f"{LEAD[:-1]} by George A. Vonderlinden.",          # after an initial
    f"{LEAD[:-1]}, e.g. erc20",                         # after an abbreviation
    f"{LEAD[:-1]} under Jane Smith. Brewiing",          # a typo of a common word
    f"{LEAD} (NRGG 1458)",                              # a wire's story code
    f"{LEAD} (Reuters)",                                # a credit
    "Agriculture Minister He Kang said the dredging plan would deepen the main channel for "
    "larger cargo ships.",                              # a surname after a pronoun's shape
    "New York The harbour council voted six to three on Tuesday to approve a dredging plan "
    "for the port.",                                    # a place alone
    f"{LEAD} Breaking News The vote was the third this year.",  # page furniture
    f"{LEAD[:-1]} with Harbour Dredging (Holdings) Zorvex",  # a bracket of the story's
    "Hiransuthikul A, et al. Drug-induced hypersensitivity syndrome: a case report and a "
    "review of the literature.",                        # an author's initial, not `A`
    "JABALYA REFUGEE CAMP, Gaza Strip (Reuters) - Israel said on Friday it was easing its "
    "offensive in the north of the strip.",             # a city in capitals
    "ABECHE, Chad, Sept 26 (AFP) -- The government is likely to grant some autonomy to the "
    "region, the official said.",
    f"Harbour London, March 12 - {LEAD}",               # a word English knows
    "Quorbit Glasgow, the council said, would vote on the dredging plan next week.",  # no dash
    f"{LEAD} EtherlinkOne has operated in the region for more than a decade.",  # a name's end
    "GEPLACEA sees a new sugar agreement as one of the few chances of pulling prices up from "
    "their lows.",                                      # an acronym ending on `A`
    # a coined word before a capitalised one, where the story's subject opens it
    "AmVestors Financial Corp said it will offer 2.5 mln shares of common stock through "
    "underwriters next month.",                         # a company's name
    "Linspire CEO points out that recent TV ads serve as an indication of acceptance in "
    "the mainstream.",                                  # ... and its officer
    "Somphol Kiatpaiboon, director general of the Commercial Economics Department, said "
    "exports rose.",                                    # a person
    "Terumichi Tsuchida said Japanese investment in U.S. bonds is likely to slow in the "
    "coming months.",
    "De'Aaron Fulton added 19 points and nine assists for San Antonio, which has won five of "
    "its past six games.",
    "Bukayo Sanusi gave the Gunners a first-half lead with a left-footed shot, and Sanusi "
    "later hit the post.",                              # a surname the story uses again
    "PBSY Cottonseed oil - April/May offered 4.25 over, bid 3.60 under July, the dealers "
    "said on Monday.",                                  # a code in capitals
    "EXOVIR TO GET EUROPEAN PATENT FOR ITS NEW DRUG, THE COMPANY SAID ON MONDAY IN A "
    "STATEMENT.",                                       # a line in capitals
    "BOSTONThese Red Sox are no longer cursed, the fans said after the team won the series "
    "on Wednesday.",                                    # a city glued to an opener
    f"{LEAD} Gelete Burka then crowned a great day for the harbour.",  # a person, inside
    "Lawyers for Pfc. Lynndie R. England sought on Wednesday to throw out evidence at the "
    "heart of the case.",                               # ... before an initial
    f"{LEAD} Tavita Smith said the vote was fair. Smith voted for it.",  # a surname again
    f"{LEAD} Tavita McKinsey said the vote was fair.",  # a surname's prefix
    f"{LEAD} Tavita Smith-Jones said the vote was fair.",  # a double-barrelled surname
    "Belawan SIR 20 was offered but unsold, and SIR 10 was quoted at 33 cents a lb, the "
    "dealers said.",                                    # a grade's code the story repeats
    f"{LEAD} Happy New Year to all. RememberI Said it first, the card read.",  # a typo
    "p2pnet.net News:- The launch of the game has achieved at least one thing, its makers "
    "said on Monday.",                                  # a site's address crediting it
    "Costigans Pub on Washington St will be staying open through Level 3 and taking up to "
    "15 people.",                                       # a possessive without its apostrophe
])
def test_what_a_space_does_not_set_off(detector, paragraph: str) -> None:
    assert flagged(detector, page(paragraph)) == []
