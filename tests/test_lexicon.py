"""`Lexicon.misspelt`: a typo of a common word, an outlet or a wire, and what it costs on an
attacker's very long word."""

from __future__ import annotations

import time

import pytest

from spamdet.lexicon import MISSPELT_ZIPF, ZIPF_SCALE


@pytest.mark.parametrize("word, typo", [
    ("represenatives", True), ("illnois", True), ("reuiter", True),
    ("tradeo", False), ("quorbit", False)])
def test_a_typo_of_a_common_word_is_misspelt(detector, word: str, typo: bool) -> None:
    assert detector.model.lexicon.misspelt(word) is typo


def test_a_word_longer_than_any_common_word_costs_nothing(detector) -> None:
    """Its edits (hundreds of thousands of long strings) are never built: a 5,000-letter
    title word took a second, and the cost grew with the square of its length."""
    lexicon = detector.model.lexicon
    longest = max((w for w, z in lexicon.web.items() if z >= MISSPELT_ZIPF / ZIPF_SCALE), key=len)
    assert lexicon.misspelt(longest[:3] + longest[4:])    # the longest still has its typos
    started = time.perf_counter()
    assert not lexicon.misspelt("x" * 8_000)
    assert time.perf_counter() - started < 1
