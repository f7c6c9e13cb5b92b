"""Template zones (`spamdet.zones`): pure functions over segment reports, no model needed."""

from __future__ import annotations

from spamdet.records import SegmentReport
from spamdet.zones import (
    TEMPLATE_ZONE,
    ZONE_CLEAN_SURE,
    ZONE_MIN_SHARE,
    article_block,
    mark_zones,
    tail_zone,
)

ARTICLE = "The council voted on Tuesday to approve the new rail line after a long debate."


def seg(index: int, label: str, text: str = "x", score: float = 0.9) -> SegmentReport:
    return SegmentReport(index, index * 100, index * 100 + len(text), text, "line", label, score)


def page(*labels: str) -> list[SegmentReport]:
    return [seg(i, label, ARTICLE if label == "clean" else "Related") for i, label in
            enumerate(labels)]


def test_article_block_is_the_run_with_most_words() -> None:
    segments = [seg(0, "clean", "Short title"), seg(1, "residue"), seg(2, "clean", ARTICLE),
                seg(3, "injection", ARTICLE), seg(4, "residue"), seg(5, "clean", "A line")]
    assert article_block(segments) == (2, 3)
    assert article_block([seg(0, "residue")]) == (0, -1)


def test_tail_zone_needs_an_anchor_and_the_share() -> None:
    segments = page("clean", "clean", "residue", "clean", "residue", "clean")
    assert tail_zone(segments, anchors=set(), after=1) == len(segments)
    # after the article: residue, clean, residue, clean -> share 0.5 == ZONE_MIN_SHARE
    assert ZONE_MIN_SHARE == 0.5
    assert tail_zone(segments, anchors={2}, after=1) == 2
    below = page("clean", "clean", "residue", "clean", "clean", "residue", "clean")
    assert tail_zone(below, anchors={2}, after=1) == len(below)


def test_clean_lines_in_the_zone_become_residue_unless_the_model_is_sure() -> None:
    segments = [seg(0, "clean", ARTICLE), seg(1, "residue", "___"),
                seg(2, "clean", "Other story headline", score=ZONE_CLEAN_SURE - 0.001),
                seg(3, "clean", "A reader comment.", score=ZONE_CLEAN_SURE),
                seg(4, "residue", "Related"), seg(5, "promo", "Buy coin now")]
    marked = mark_zones(segments, anchors={1})
    assert [s.label for s in marked] == ["clean", "residue", "residue", "clean", "residue",
                                         "promo"]
    assert marked[1].reasons[0] == TEMPLATE_ZONE and marked[2].reasons == (TEMPLATE_ZONE,)
    assert marked[0] is segments[0] and marked[3] is segments[3]


def test_head_residue_is_confirmed_only_with_an_anchor_in_the_head() -> None:
    segments = [seg(0, "clean", "Title"), seg(1, "residue", "Home > News"),
                seg(2, "residue", "Some list item"), seg(3, "clean", ARTICLE),
                seg(4, "clean", ARTICLE)]
    unanchored = mark_zones(segments, anchors={9})
    assert all(TEMPLATE_ZONE not in s.reasons for s in unanchored)
    anchored = mark_zones(segments, anchors={1})
    assert [TEMPLATE_ZONE in s.reasons for s in anchored] == [False, True, True, False, False]


def test_no_anchor_no_change() -> None:
    segments = page("clean", "residue", "clean", "residue")
    assert mark_zones(segments, anchors=set()) == tuple(segments)
