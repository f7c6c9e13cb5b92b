"""datatrove: a filter that drops contaminated documents and a formatter that cleans them.

    from spamdet.integrations.datatrove import SpamdetCleaner, SpamdetFilter
    pipeline = [JsonlReader("in/"), SpamdetFilter(), SpamdetCleaner(), JsonlWriter("out/")]

Steps hold a model path and a `Config` (datatrove pickles steps to ship them to Slurm, Ray or
local workers) and load the model once per process. Documents are scanned `batch_size` at a
time: one model call per batch.
"""

from __future__ import annotations

from pathlib import Path

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.formatters.base import BaseFormatter
from datatrove.pipeline.writers.disk_base import DiskWriter
from datatrove.utils.batching import batched
from datatrove.utils.typeshelper import StatHints

from spamdet.clean import CLEAN_KEY
from spamdet.config import BATCH_PAGES, Config
from spamdet.integrations import CLEANED, COLUMNS, annotate_texts, detector, model_path

__all__ = ["SpamdetCleaner", "SpamdetFilter"]

DROP_REASON = "spamdet_contaminated"
"""datatrove's reason id for a dropped document (its stats count `dropped_<reason>`)."""


class SpamdetFilter(BaseFilter):
    """Drops contaminated documents; every document gets `spamdet_verdict`, `spamdet_score`
    and `spamdet_reasons` (reason ids, strongest first) in its metadata. A document whose text
    is HTML source (datatrove's WARC reader gives it) is read as HTML; `html` True or False
    says so for all (`spamdet.integrations.annotate_texts`)."""

    name = "🧪 spamdet"

    def __init__(self, model: str | Path | None = None, config: Config | None = None,
                 exclusion_writer: DiskWriter | None = None, batch_size: int = BATCH_PAGES,
                 html: bool | None = None) -> None:
        super().__init__(exclusion_writer, batch_size)
        self.model = model_path(model)
        self.config = config
        self.html = html

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        return self.filter_batch([doc])[0]

    def filter_batch(self, batch: list[Document]) -> list[bool | tuple[bool, str]]:
        columns = annotate_texts([doc.text for doc in batch], self.model, self.config,
                                 html=self.html)
        results: list[bool | tuple[bool, str]] = []
        for i, doc in enumerate(batch):
            doc.metadata.update({name: columns[name][i] for name in COLUMNS})
            contaminated = columns["spamdet_verdict"][i] == "contaminated"
            results.append((False, DROP_REASON) if contaminated else True)
        return results


class SpamdetCleaner(BaseFormatter):
    """Replaces each document's text with its cleaned text (injected spans, promo and
    confirmed template lines removed); a document cleaning would gut is dropped, as
    `spamdet clean` writes no copy of it. `spamdet_clean` in the metadata says which."""

    name = "🧽 spamdet clean"

    def __init__(self, model: str | Path | None = None, config: Config | None = None,
                 batch_size: int = BATCH_PAGES, html: bool | None = None) -> None:
        super().__init__()
        self.model = model_path(model)
        self.config = config
        self.batch_size = batch_size
        self.html = html

    def format(self, text: str) -> str:
        return detector(self.model, self.config).clean(text)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1
            ) -> DocumentsPipeline:
        for batch in batched(data, self.batch_size):
            with self.track_time("batch"):
                columns = annotate_texts([doc.text for doc in batch], self.model, self.config,
                                         cleaned=True, html=self.html)
            for doc, text, action, errors in zip(batch, columns[CLEANED], columns[CLEAN_KEY],
                                                 columns["spamdet_errors"], strict=True):
                self.stat_update(StatHints.total)
                doc.metadata[CLEAN_KEY] = action
                if errors:  # a page scored only in part is cleaned only in part: say so
                    doc.metadata["spamdet_errors"] = errors
                if action == "drop":
                    self.stat_update(StatHints.dropped)
                    continue
                doc.text = text
                self.stat_update(StatHints.forwarded)
                yield doc
