"""Brands inside paragraphs: which tokens are scored, and the signals that say where they stand."""

from __future__ import annotations

import pytest

from spamdet.context import PageContext
from spamdet.features import views_of
from spamdet.lexicon import Lexicon
from spamdet.parse import parse_text
from spamdet.records import Document
from spamdet.signals.tokens import TOKEN_SIGNALS

TITLE = "Oil prices rise as OPEC talks stall"
LEXICON = Lexicon.build(["Oil prices rose on Tuesday as talks among OPEC members stalled."])


def _signals(line: str, name: str) -> dict[str, float]:
    """The signal's value for every candidate token of `line` (the page's second line)."""
    ctx = PageContext.build(parse_text(Document("p", f"{TITLE}\n{line}")), LEXICON)
    _, views = views_of([ctx])
    return {v.seg.text[v.tok.start : v.tok.end]: TOKEN_SIGNALS[name](v)
            for v in views if v.seg.index == 1}


@pytest.mark.parametrize("sep", [" ★ ", " | ", " — ", " ❯ ", " ## "])
def test_brand_before_a_sentence_is_scored_and_marked(sep: str) -> None:
    line = ("Analysts said the market expected the group to agree a cut later this month. "
            f"Quorbit{sep}The ministers will meet again in Vienna on Friday, a spokesman said.")
    values = _signals(line, "sentence_stub")
    assert values["Quorbit"] == 1.0
    assert values.get("Analysts", 0.0) == 0.0


def test_a_separator_inside_a_sentence_is_no_stub() -> None:
    line = ("The ministers, Putin — who met on Friday in Vienna after long talks — said the "
            "group would agree a cut.")
    assert not any(_signals(line, "sentence_stub").values())


def test_brand_after_a_paragraph_is_marked() -> None:
    line = "Brent crude was up 40 cents at 82.10 dollars a barrel, traders said. ⟫ Trendix"
    assert _signals(line, "after_finished_sentence")["Trendix"] == 1.0
    unfinished = "Brent crude was up 40 cents at 82.10 dollars a barrel ⟫ Trendix"
    assert _signals(unfinished, "after_finished_sentence")["Trendix"] == 0.0


def test_combined_signals_read_their_parts_columns_exactly() -> None:
    """`absent_side_capital` and the other min/max signals come from their parts' columns in a
    matrix; the values equal the per-view functions', also when a part has no column."""
    import numpy as np

    from spamdet.features import signal_matrix
    from spamdet.signals.tokens import TOKEN_COMBOS

    lines = [f"Zorbix: {TITLE}", "SEOUL,Quorbit South Korea (AP) — Oil prices rose on Tuesday.",
             "Vortexa Prime", "Talks stalled, a spokesman said. ★ Orbex Pro"]
    ctx = PageContext.build(parse_text(Document("p", "\n".join(lines))), LEXICON)
    _, views = views_of([ctx])
    fns = list(TOKEN_SIGNALS.values())
    per_view = np.array([[fn(v) for fn in fns] for v in views], dtype=np.float32)
    assert np.array_equal(signal_matrix(fns, views, TOKEN_COMBOS), per_view)
    assert per_view[:, list(TOKEN_SIGNALS).index("absent_side_capital")].any()
    without_rarity = [fn for fn in fns if fn.__name__ != "rarity"]  # a part with no column
    keep = [j for j, fn in enumerate(fns) if fn.__name__ != "rarity"]
    assert np.array_equal(signal_matrix(without_rarity, views, TOKEN_COMBOS), per_view[:, keep])
    assert set(TOKEN_COMBOS) <= set(TOKEN_SIGNALS)


def test_a_brand_spaced_by_tabs_or_nbsp_is_one_span(detector) -> None:
    # `&nbsp;` in HTML, tabs in scraped text: the same brand, the same one span
    base = ("VitalEdge Finance Pro - Chinese foreign minister visits North Korea\n"
            "SEOUL, South Korea (AP) \u2014 North Korea said Friday it was hosting a visit by a "
            "Chinese government delegation led by Vice Foreign Minister Sun Weidong.\n")
    found = {}
    for space in (" ", "\t", "\u00a0"):
        text = base.replace("VitalEdge Finance Pro", space.join(("VitalEdge", "Finance", "Pro")))
        report = detector.scan_text(text)
        found[space] = [(s.start, s.end) for seg in report.segments for s in seg.spans]
    assert found[" "] == found["\t"] == found["\u00a0"] == [(0, 21)], found
