"""Page recurrence costs work in proportion to a page's brand variants and sightings, not to
their product: every sighting of a brand's head used to try every variant the page showed
of it (`recurrence.match_brands`), and every new variant was compared with the ones seen
(`recurrence.variants_on_page`). Counts calls on the variants, not seconds."""

from __future__ import annotations

from collections import Counter

import pytest

from spamdet import Detector, recurrence
from spamdet.lexicon import Lexicon
from spamdet.records import SegmentReport, Span
from spamdet.recurrence import Sighting

SMALL, LARGE = 500, 4000
MAX_GROWTH = 12
"""Allowed growth of the work for 8x the variants: linear gives about 8, quadratic 64."""
HEAD = "poinbank"


class CountedWords(tuple[str, ...]):
    """A brand's words that count the work done on them."""

    calls: Counter[str] = Counter()

    def index(self, *args: object) -> int:  # type: ignore[override]
        CountedWords.calls["index"] += 1
        return tuple.index(self, *args)  # type: ignore[arg-type]

    def __len__(self) -> int:
        CountedWords.calls["len"] += 1
        return tuple.__len__(self)

    def __eq__(self, other: object) -> bool:
        CountedWords.calls["eq"] += 1
        return tuple.__eq__(self, other)

    __hash__ = tuple.__hash__


def word(i: int) -> str:
    return "zq" + "".join("abcdefghij"[int(d)] for d in str(i))


def sightings(n: int) -> list[Sighting]:
    """n lines, each `Poinbank <word i>`: the head and a word of its own."""
    found = []
    for i in range(n):
        found.append(Sighting(i, 0, 0, 8, HEAD, 0.9))
        found.append(Sighting(i, 1, 9, 14, word(i), 0.9))
    return found


def match_work(n: int) -> int:
    variants = {HEAD: [CountedWords((HEAD, word(i))) for i in range(n)]}
    CountedWords.calls.clear()
    matched = list(recurrence.match_brands(sightings(n), variants))
    assert [len(found) for _, found in matched] == [2] * n
    return sum(CountedWords.calls.values())


def test_match_brands_grows_linearly() -> None:
    small, large = match_work(SMALL), match_work(LARGE)
    assert small > 0
    assert large <= MAX_GROWTH * small, (small, large)


def test_first_variant_wins() -> None:
    """The longest variant that matches around a sighting, else the first of equal length."""
    seen = [Sighting(0, k, k, k + 1, w, 0.9) for k, w in enumerate(["a", HEAD, "b", "c"])]
    variants = {HEAD: [("x", HEAD, "b"), (HEAD, "b", "c"), ("a", HEAD, "b"), (HEAD, "b")]}
    [(head, found)] = recurrence.match_brands(seen, variants)
    assert head == HEAD and [s.norm for s in found] == [HEAD, "b", "c"]


def variants_work(n: int, lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch) -> int:
    segments = tuple(SegmentReport(i, 0, 14, f"Poinbank {word(i)}", "line", "injection", 0.9,
                                   (), (Span(0, 14, f"Poinbank {word(i)}", "injection"),))
                     for i in range(n))
    CountedWords.calls.clear()
    with monkeypatch.context() as patch:
        patch.setattr(recurrence, "words_of", lambda text: CountedWords((HEAD, text[9:])))
        patch.setattr(recurrence, "head_of", lambda words, lexicon: HEAD)
        found = recurrence.variants_on_page(segments, lexicon)
    assert len(found[HEAD]) == n
    return CountedWords.calls["eq"] + 1


def test_variants_on_page_grows_linearly(detector: Detector,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    lexicon = detector.model.lexicon
    small = variants_work(SMALL, lexicon, monkeypatch)
    large = variants_work(LARGE, lexicon, monkeypatch)
    assert large <= MAX_GROWTH * small, (small, large)


class CountedNames(set):
    """A set of brand word tuples that counts its look-ups."""

    looked = 0

    def __contains__(self, item: object) -> bool:
        CountedNames.looked += 1
        return set.__contains__(self, item)


def test_brands_repeated_in_lists_cost_their_words_not_the_product() -> None:
    """`overlay._names_one`: n brands that share a first word, looked for in a list of n
    words that all start one, cost one look-up per word (a hostile page's thousand brands
    and thousand list items would otherwise cost a million comparisons)."""
    from spamdet.overlay import _names_one

    for n in (SMALL, LARGE):
        names = CountedNames((HEAD, word(i)) for i in range(n))
        CountedNames.looked = 0
        assert not _names_one([HEAD, "zz"] * n, {HEAD: {2: names}})
        assert CountedNames.looked == n
        assert _names_one([HEAD, "zz", HEAD, word(7)], {HEAD: {2: names}})
