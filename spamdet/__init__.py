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

if TYPE_CHECKING:
    from spamdet.campaigns import Campaign, TemplateLine
    from spamdet.clean import Cleaned
    from spamdet.config import Config
    from spamdet.corpus import CorpusScan
    from spamdet.detector import Detector
    from spamdet.model import ModelIntegrityError
    from spamdet.records import (
        Document,
        Link,
        Markup,
        Page,
        PageReport,
        Segment,
        SegmentReport,
        Site,
        Span,
    )

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

__all__ = [
    "Campaign",
    "Cleaned",
    "Config",
    "CorpusScan",
    "Detector",
    "Document",
    "Link",
    "Markup",
    "ModelIntegrityError",
    "Page",
    "PageReport",
    "Segment",
    "SegmentReport",
    "Site",
    "Span",
    "TemplateLine",
    "__version__",
]


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'spamdet' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
