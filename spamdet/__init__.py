"""spamdet: find spam and SEO injections in scraped web content.

    import spamdet
    detector = spamdet.Detector.load()
    report = detector.scan_text(text, id="a1")
    report = detector.scan_html(html, url="https://example.com/a")
"""

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
