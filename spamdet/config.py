"""The one configuration object; the CLI's defaults are these same constants."""

from __future__ import annotations

import numbers
from dataclasses import dataclass

MAX_PAGE_BYTES = 8 * 1024 * 1024
MAX_SEGMENTS = 4000
MAX_LINE_CHARS = 20_000
BATCH_PAGES = 256
DROP_SHARE = 0.5


@dataclass(frozen=True)
class Config:
    """How a scan reads, scores and cleans pages. Override with `dataclasses.replace`.

    threshold: page-score threshold for `contaminated`; None uses the model's own,
        chosen on validation data for page FPR <= 0.5 % (the contract is 1 %).
    max_page_bytes: bytes read from one file or record (after decompression); the
        rest is dropped and the truncation is reported in the page's `errors`.
    max_segments: segments scored per page; later segments are left unscored and reported.
    max_line_chars: characters of one line that signals look at (offsets stay exact).
    batch_pages: pages vectorised and scored together in one model call.
    keep_residue: when cleaning, keep template residue instead of dropping it (residue is
        dropped only where a template zone or the corpus confirms it: `spamdet.zones`).
    drop_share: when the contamination cleaning removes (injected spans, brand and promo
        lines) is more than this share of the page's words (that contamination plus the
        words kept), the page is marked `drop` rather than returned gutted
        (`Cleaned.action`; `Detector.clean` returns ""; `spamdet clean` writes no copy).
    all_segments: include clean segments in reports.
    text_field, html_field: the record field holding plain text / HTML (JSON, JSONL and
        library records); None probes `text`, `html`, `content`, `raw_content` in that order
        (`html` is HTML; `content` and `raw_content` are HTML when they look like it).
    id_field: the record field holding the page id; None uses `id`, else `path:line`.
    url_field: the record field holding the page URL; None uses `url`.
    """

    threshold: float | None = None
    max_page_bytes: int = MAX_PAGE_BYTES
    max_segments: int = MAX_SEGMENTS
    max_line_chars: int = MAX_LINE_CHARS
    batch_pages: int = BATCH_PAGES
    keep_residue: bool = False
    drop_share: float = DROP_SHARE
    all_segments: bool = False
    text_field: str | None = None
    html_field: str | None = None
    id_field: str | None = None
    url_field: str | None = None

    def __post_init__(self) -> None:
        for name in ("threshold", "drop_share"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool)
                                      or not isinstance(value, numbers.Real)):
                raise TypeError(f"{name} must be a number, got {value!r}")
        if self.threshold is not None and not 0.0 <= self.threshold <= 1.0:
            raise ValueError(f"threshold must be in [0, 1], got {self.threshold}")
        for name in ("max_page_bytes", "max_segments", "max_line_chars", "batch_pages"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
                raise ValueError(f"{name} must be a positive integer, got {value!r}")
        if not 0.0 < self.drop_share <= 1.0:
            raise ValueError(f"drop_share must be in (0, 1], got {self.drop_share}")
        for name in ("keep_residue", "all_segments"):  # `"no"` would read as True
            if not isinstance(getattr(self, name), bool):
                raise TypeError(f"{name} must be True or False, got {getattr(self, name)!r}")
        for name in ("text_field", "html_field", "id_field", "url_field"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise TypeError(f"{name} must be a field name (str) or None, got {value!r}")
