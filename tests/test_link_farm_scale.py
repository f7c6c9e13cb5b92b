"""A link farm costs the markup layer work in proportion to its size, not to its size squared:
every item of a list, and every commercial word of a block, used to re-judge the whole list
or re-read the whole block. Counts calls (not seconds), so it cannot flake on a slow host."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from spamdet import Detector
from spamdet.signals import markup

SMALL, LARGE = 500, 4000
MAX_GROWTH = 12
"""Allowed growth of the work for 8x the items: linear gives about 8, quadratic 64."""
ARTICLE = ("<p>The city council met on Tuesday to discuss the new rail line and the budget "
           "for the coming year, with residents raising questions about noise and cost.</p>")


def list_farm(n: int) -> str:
    """One list of n off-site commercial links (every item a block of the same list)."""
    items = "".join(f'<li><a href="http://h{i % 500}.example/x">casino bonus {i}</a></li>'
                    for i in range(n))
    return f"<html><body><article>{ARTICLE}<ul>{items}</ul></article></body></html>"


def inline_farm(n: int) -> str:
    """One paragraph of the article with n off-site commercial links (one block)."""
    anchors = " and ".join(f'<a href="http://h{i % 500}.example/x">casino bonus {i}</a>'
                           for i in range(n))
    return f"<html><body><article>{ARTICLE}<p>Read {anchors}.</p></article></body></html>"


def markup_work(detector: Detector, html: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """Calls of the markup layer's per-word helpers during one scan."""
    calls: Counter[str] = Counter()

    def counted(name: str) -> Callable[..., object]:
        fn = getattr(markup, name)

        def wrapper(*args: object) -> object:
            calls[name] += 1
            return fn(*args)

        return wrapper

    with monkeypatch.context() as patch:
        for name in ("words_of", "stem", "_unlinked_words"):
            patch.setattr(markup, name, counted(name))
        detector.scan_html(html)
    return sum(calls.values())


@pytest.mark.parametrize("page", [list_farm, inline_farm], ids=["list", "inline"])
def test_link_farm_work_grows_linearly(detector: Detector, page: Callable[[int], str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    small = markup_work(detector, page(SMALL), monkeypatch)
    large = markup_work(detector, page(LARGE), monkeypatch)
    assert small > 0
    assert large <= MAX_GROWTH * small, (small, large)


def test_link_farm_still_fires(detector: Detector) -> None:
    report = detector.scan_html(list_farm(LARGE))
    assert sum("link_farm" in seg.reasons for seg in report.segments) >= LARGE - 10
