"""spamdet: find spam and SEO injections in scraped web content.

    import spamdet
    detector = spamdet.Detector.load()
    report = detector.scan_text(text, id="a1")
    report = detector.scan_html(html, url="https://example.com/a")

The public names are imported on first use, so that `python -m spamdet scan --jobs N`
starts its worker server before the scoring modules load (`spamdet.pool`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the same names, for type checkers (`X as X`: re-exported)
    from spamdet.campaigns import Campaign as Campaign
    from spamdet.campaigns import TemplateLine as TemplateLine
    from spamdet.clean import Cleaned as Cleaned
    from spamdet.config import Config as Config
    from spamdet.corpus import CorpusScan as CorpusScan
    from spamdet.detector import Detector as Detector
    from spamdet.model import ModelIntegrityError as ModelIntegrityError
    from spamdet.records import Document as Document
    from spamdet.records import Link as Link
    from spamdet.records import Markup as Markup
    from spamdet.records import Page as Page
    from spamdet.records import PageReport as PageReport
    from spamdet.records import Segment as Segment
    from spamdet.records import SegmentReport as SegmentReport
    from spamdet.records import Site as Site
    from spamdet.records import Span as Span

__version__ = "0.1.0"

_HOMES = {
    "Campaign": "spamdet.campaigns",
    "TemplateLine": "spamdet.campaigns",
    "Cleaned": "spamdet.clean",
    "Config": "spamdet.config",
    "CorpusScan": "spamdet.corpus",
    "Detector": "spamdet.detector",
    "ModelIntegrityError": "spamdet.model",
    **dict.fromkeys(("Document", "Link", "Markup", "Page", "PageReport", "Segment",
                     "SegmentReport", "Site", "Span"), "spamdet.records"),
}
"""Each public name and the module it comes from."""

__all__ = [*_HOMES, "__version__"]


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'spamdet' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
