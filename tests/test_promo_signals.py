"""Promotion signals of a line: an advertising label heading a pitch, a question then a brand."""

from __future__ import annotations

import pytest

from spamdet.context import PageContext
from spamdet.features import views_of
from spamdet.lexicon import Lexicon
from spamdet.parse import parse_text
from spamdet.records import Document
from spamdet.signals.segments import SEGMENT_SIGNALS

TITLE = "Oil prices rise as OPEC talks stall"
BODY = "Oil prices rose on Tuesday as talks among OPEC members stalled, the minister said."
LEXICON = Lexicon.build([BODY, "Why the minister said it was time to stop the talks."])


def _signal(line: str, name: str) -> float:
    """The signal's value for `line`, the page's last line after a title and a paragraph."""
    ctx = PageContext.build(parse_text(Document("p", f"{TITLE}\n{BODY}\n{line}")), LEXICON)
    views, _ = views_of([ctx])
    return SEGMENT_SIGNALS[name](views[-1])


@pytest.mark.parametrize("line", [
    "Sponsored: Retirees are moving their savings into gold with Ionmykeen",
    "Promoted by Zorcore24 • Exit your timeshare in 90 days or pay nothing",
    "- Partner content: The little-known trick Unithemint uses to stop garnishment",
    "Advertisement | Thousands of women over 40 are adding these drops to coffee",
])
def test_an_ad_label_heading_a_pitch(line: str) -> None:
    assert _signal(line, "ad_label") == 1.0


@pytest.mark.parametrize("line", [
    "Sponsored", "Advertisement", "Sponsored content", "Ads by Google",
    "Adding value: the minister said talks would go on",
])
def test_a_bare_ad_label_or_an_ordinary_line_is_no_ad_label(line: str) -> None:
    assert _signal(line, "ad_label") == 0.0


def test_a_question_then_an_unknown_brand_is_a_pitch() -> None:
    # list items: words at suspicious positions do not count as the article's own
    assert _signal("- Denied by your bank? Deltadash says YES", "question_pitch") == 1.0
    assert _signal("• Tired of swiping? Try Moonstream and get matched", "question_pitch") == 1.0


def test_a_question_in_the_article_s_own_words_is_no_pitch() -> None:
    assert _signal("Why? The minister said it was time to stop the talks.",
                   "question_pitch") == 0.0
    assert _signal("- Is Tamorese the smartest way to invest?", "question_pitch") == 0.0


def test_a_line_cannot_vouch_for_its_own_brand() -> None:
    # a paragraph's words count in the article's vocabulary, but not for the paragraph itself
    line = "Thousands of readers now trust Zorvexa Capital with their savings, and so can you."
    assert _signal(line, "unknown_name") == 1.0
    assert _signal(line, "topic_distance") > 0.5
    assert _signal("The minister said talks among OPEC members stalled on Tuesday.",
                   "topic_distance") == 0.0
