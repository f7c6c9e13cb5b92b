"""Adapters for engines people already run: Hugging Face `datasets` (`hf`), datatrove
(`datatrove`) and Ray Data (`ray`). Each is a thin layer over one batch call, `annotate_texts`,
with no I/O inside it.

Engines pickle their steps to ship them to workers, so adapters hold a model path and a
`Config`, never a `Detector`; `detector()` loads the model once per process.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from spamdet.clean import CLEAN_KEY
from spamdet.config import Config
from spamdet.detector import Detector
from spamdet.ingest import looks_html
from spamdet.model import bundled_model_path, sha256_of
from spamdet.records import Document
from spamdet.summary import page_reasons

COLUMNS = ("spamdet_verdict", "spamdet_score", "spamdet_reasons", "spamdet_errors")
"""The columns every adapter adds; `spamdet_cleaned` and `spamdet_clean` too when asked for
cleaned text."""
LISTS = ("spamdet_reasons", "spamdet_errors")
"""The columns that hold a list of strings per page."""
CLEANED = "spamdet_cleaned"
REASONS = 5
"""Reason ids kept per page: those of its highest-scoring contaminated segments, first."""

__all__ = ["CLEANED", "COLUMNS", "LISTS", "REASONS", "annotate_texts", "detector",
           "model_identity", "model_path"]


def detector(model: str | None = None, config: Config | None = None) -> Detector:
    """The `Detector` for this model file (None: the bundled one), loaded once per process
    and again when the file changes (its size or modification time), so that a retrained
    model is used and checked against its card, not an old one kept in memory."""
    file = Path(model) if model is not None else bundled_model_path()
    try:
        stat = file.stat()
        stamp = (stat.st_size, stat.st_mtime_ns)
    except OSError:
        stamp = (-1, -1)  # `Detector.load` says what is wrong
    return _loaded(model, config, stamp)


@lru_cache(maxsize=4)
def _loaded(model: str | None, config: Config | None, stamp: tuple[int, int]) -> Detector:
    return Detector.load(model, config)


def model_path(model: str | Path | None) -> str | None:
    """A model path as a hashable, picklable string (the cache key)."""
    return None if model is None else str(Path(model).resolve())


def model_identity(model: str | None) -> str:
    """The sha256 of the model file (for an engine's cache key: a dataset annotated with one
    model is not the same as with another of the same path)."""
    return sha256_of(Path(model) if model is not None else bundled_model_path())


def _not_text(i: int, value: object) -> Document:
    """A row whose text is no str: that row's error (one hostile row of a datatrove or Ray
    batch failed the whole batch; `hf` refuses such a column before it starts)."""
    hint = ": decode it first" if isinstance(value, (bytes, bytearray)) else ""
    return Document(str(i), "", errors=(f"the text is {type(value).__name__}, not str{hint}",))


def annotate_texts(
    texts: Sequence[object], model: str | None = None, config: Config | None = None,
    cleaned: bool = False, html: bool | None = None,
) -> dict[str, list[object]]:
    """Scan `texts` as one batch: verdict, score, reason ids and what could not be read
    (`PageReport.errors`: a page scored only in part says so) per text, and with `cleaned`
    the cleaned text ("" for a page cleaning would gut) and what cleaning did
    (`clean.CLEAN_KEY`: keep, clean or drop). A missing text scans as ""; a text that is no
    str (bytes, a number) is that row's error.

    `html`: True reads every text as HTML, False as plain text; None (the default) reads as
    HTML a text that is HTML source (a document start, or tags: `ingest.looks_html`), as
    `scan` does with a JSONL record's `content` field. HTML read as text would be full of
    markup the model calls injected."""
    if html is not None and not isinstance(html, bool):  # `"false"` would read as True
        raise TypeError(f"html must be True, False or None, got {html!r}")
    found = detector(model, config)
    docs = [Document(str(i), text or "", kind="html" if (
                looks_html(text or "") if html is None else html) else "text")
            if text is None or isinstance(text, str) else _not_text(i, text)
            for i, text in enumerate(texts)]
    reports = found.scan_documents(docs)
    columns: dict[str, list[object]] = {
        "spamdet_verdict": [report.verdict for report in reports],
        "spamdet_score": [report.score for report in reports],
        "spamdet_reasons": [page_reasons(report, REASONS) for report in reports],
        "spamdet_errors": [list(report.errors) for report in reports],
    }
    if cleaned:
        results = {report.id: result for report, result in found.clean_reports(reports)}
        done = [results.get(report.id) for report in reports]  # none for a cut page
        columns[CLEANED] = [result.text if result else "" for result in done]
        columns[CLEAN_KEY] = [result.action if result else "drop" for result in done]
    return columns
