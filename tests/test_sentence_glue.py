"""`glued_in_sentence`: an invented name glued into an article's sentence (a rule after the
model), and what it leaves alone."""

from __future__ import annotations

import pytest

from spamdet.sentence_glue import GLUE_RULE

LEAD = ("Senior guard Malik Thompson scored 24 points for the home side on Friday night, "
        "including a three-pointer with 41 seconds left that gave Eastbrook the lead for good.")
REST = ("He then made two free throws to stretch the margin to three, and the visitors never "
        "got closer than that again in front of a crowd of more than four thousand.")
TITLE = "Eastbrook edges rivals in overtime thriller"


def page(paragraph: str) -> str:
    return f"{TITLE}\n{paragraph}\n{REST}\n"


def flagged(detector, text: str) -> list[str]:
    report = detector.scan_text(text)
    return [sp.text for seg in report.segments if GLUE_RULE in seg.reasons for sp in seg.spans]


@pytest.mark.parametrize("paragraph, spans", [
    (LEAD[:-1] + ".Kestrix He then ran down the clock as the crowd rose.", ["Kestrix"]),
    (LEAD.replace("the lead,", "the lead,") + " It was,PayLumo allowing them to breathe.",
     ["PayLumo"]),
    (LEAD + " The coach was relieved.ZENTRIQ The team travels on Sunday.", ["ZENTRIQ"]),
    (LEAD + ' "We stayed patient."Ulvana The coach smiled.', ["Ulvana"]),
    (LEAD[:-1] + ",Zeta3 Finance and crews cheered.", ["Zeta3"]),
    (LEAD + " The U.S.Trendix carrier cut its fares.", ["Trendix"]),  # after an initialism
    (LEAD + " The crowd rose.moonboss The team travels on Sunday.", ["moonboss"]),  # lower case
    (LEAD + " The crowd rose.newsfast.xyz The team travels on Sunday.",  # a web address
     ["newsfast.xyz"]),
    (LEAD + " The crowd rose.Silver Harbor The team travels on Sunday.",  # known words,
     ["Silver Harbor"]),                                 # before the next sentence's opener
    (LEAD + " The crowd rose.Silver Harbor However, the team left.", ["Silver Harbor"]),
    (LEAD + " The crowd rose.Silver Harbor (AP)", ["Silver Harbor"]),  # before a credit
    (LEAD + " The crowd rose.Vellum Daily | Bloomberg", ["Vellum Daily"]),
    (LEAD + " The crowd rose.moonboss iPhone sales rose.", ["moonboss"]),  # a camel-case word
    (LEAD + " The U.S.moonboss carrier cut its fares.", ["moonboss"]),  # after an initialism
    (LEAD + " The crowd rose.Nexa™ The team travels on Sunday.", ["Nexa™"]),  # trademarked
    (LEAD + " The crowd rose.🚀MoonX The team travels on Sunday.", ["🚀MoonX"]),  # emoji
    (LEAD + " The crowd rose.eToroZ The team left.", ["eToroZ"]),  # a lower-case head
    (LEAD + " The crowd rose.TradeKing.com Fans cheered.", ["TradeKing.com"]),  # an address
    (LEAD + " The crowd rose.moon-x.io Fans cheered.", ["moon-x.io"]),  # ... with a hyphen
    (LEAD + " The crowd rose.GALAXY BIT The team left.", ["GALAXY BIT"]),  # in capitals
    (LEAD + " The crowd rose.Coin-Wave The team left.", ["Coin-Wave"]),  # a compound
])
def test_an_invented_name_glued_into_a_sentence_is_injected(detector, paragraph: str,
                                                           spans: list[str]) -> None:
    report = detector.scan_text(page(paragraph))
    assert report.verdict == "contaminated"
    assert flagged(detector, page(paragraph)) == spans
    assert spans[0] not in detector.clean(page(paragraph))


@pytest.mark.parametrize("paragraph", [
    LEAD[:-1] + " in St. Paul, Minn.Outclassed and beaten, the visitors left.",  # known word
    LEAD + " The U.S.Senate passed the bill.",  # a known word after an initialism
    LEAD + " Tickets at www.Kestrixtickets.com or by phone.",  # a web address
    LEAD + " Stats from www.hoopsdata.org/eastbrook.kestrix Then the lights went out.",
    LEAD + " Analysts ran np.arange(10) on it.grapplex was the tool.",  # no sentence after
    LEAD + " The crowd rose.then They cheered.",  # a word the language knows
    LEAD + " Figures from money.CNN.com showed it.",  # a site's address in a sentence
    LEAD + " The crowd rose.long-term The team left.",  # a compound, not an address
    LEAD + " The crowd rose.Anglo-French talks resumed.",  # no sentence after it
    LEAD + " The crowd rose.iPhone The team left.",  # a word the language knows
    LEAD + " The maker quot;Mandrakesoft quot; sponsored the night.",  # an entity left over
    LEAD + " Kestrix, the sponsor, paid for it.Kestrix fans cheered.",  # the article's own word
    LEAD + " The crowd rose.Silver Harbor fans cheered.",  # no sentence after it
    LEAD + " Staff contributed to this report.Associated Press",  # an outlet's credit
    LEAD + " The U.S.dlrs figure was revised.",  # a word the language knows after initials
    LEAD + " A Danish bank, the 6.Juli Banken A/S, stopped payments.",  # a company's name
    LEAD + " The crowd rose.New Orleans The team travels on Sunday.",  # a place
    LEAD + " Eastbrook Harbor is home. The crowd rose.Eastbrook Harbor The team left.",
    "Good evening Sir.sharing a happy news.By the grace of God i joined.Hope you are fine."
    "Inshah Allah,meet you sometime.Rakhesh,visitor from India said so.",  # written so
])
def test_what_is_not_a_glued_name(detector, paragraph: str) -> None:
    assert flagged(detector, page(paragraph)) == []
