"""Adapters for engines people already run: Hugging Face `datasets` (`hf`), datatrove
(`datatrove`) and Ray Data (`ray`). Each is a thin layer over one batch call, `annotate_texts`,
with no I/O inside it.

Engines pickle their steps to ship them to workers, so adapters hold a model path and a
`Config`, never a `Detector`; `detector()` loads the model once per process.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from spamdet.config import Config
from spamdet.detector import Detector
from spamdet.records import Document
from spamdet.summary import page_reasons

COLUMNS = ("spamdet_verdict", "spamdet_score", "spamdet_reasons")
"""The columns every adapter adds; `spamdet_cleaned` too when asked for cleaned text."""
CLEANED = "spamdet_cleaned"
REASONS = 5
"""Reason ids kept per page: those of its highest-scoring contaminated segments, first."""

__all__ = ["CLEANED", "COLUMNS", "REASONS", "annotate_texts", "detector", "model_path"]


@lru_cache(maxsize=4)
def detector(model: str | None = None, config: Config | None = None) -> Detector:
    """The `Detector` for this model file (None: the bundled one), loaded once per process."""
    return Detector.load(model, config)


def model_path(model: str | Path | None) -> str | None:
    """A model path as a hashable, picklable string (the cache key)."""
    return None if model is None else str(Path(model).resolve())


def annotate_texts(
    texts: list[str | None], model: str | None = None, config: Config | None = None,
    cleaned: bool = False,
) -> dict[str, list[object]]:
    """Scan `texts` as one batch: verdict, score and reason ids per text, and with `cleaned`
    the cleaned text ("" for a page cleaning would gut). A missing text scans as ""."""
    for text in texts:
        if text is not None and not isinstance(text, str):
            raise TypeError(f"the text column holds {type(text).__name__}, not str: give the "
                            "column of page text" + (" (decode bytes first)"
                                                      if isinstance(text, bytes) else ""))
    found = detector(model, config)
    docs = [Document(str(i), text or "") for i, text in enumerate(texts)]
    reports = found.scan_documents(docs)
    columns: dict[str, list[object]] = {
        "spamdet_verdict": [report.verdict for report in reports],
        "spamdet_score": [report.score for report in reports],
        "spamdet_reasons": [page_reasons(report, REASONS) for report in reports],
    }
    if cleaned:
        texts_by_id = {report.id: result.text for report, result in found.clean_reports(reports)}
        columns[CLEANED] = [texts_by_id.get(report.id, "") for report in reports]
    return columns
