"""The library entry point: `Detector.load()`, then `scan_text`, `scan_many`, `clean`."""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from itertools import islice
from pathlib import Path

from spamdet.clean import clean_report
from spamdet.config import Config
from spamdet.html import parse_html
from spamdet.ingest import RecordFields, to_document
from spamdet.model import SpamModel, load_model
from spamdet.overlay import score_batch
from spamdet.parse import parse_text
from spamdet.records import Document, Page, PageReport

log = logging.getLogger(__name__)


def _batches(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


_WORKER: Detector | None = None
_THREADS: object | None = None


def _one_thread():  # -> context manager
    """One OpenMP thread for model calls: measured 3-11x faster on small shared machines,
    where the thread pool's start-up costs more than it gives (see README, Speed)."""
    global _THREADS
    if _THREADS is None:
        from threadpoolctl import ThreadpoolController

        _THREADS = ThreadpoolController()
    return _THREADS.limit(limits=1)  # type: ignore[attr-defined]


def _init_worker(model: SpamModel, config: Config) -> None:
    """Load the model once per worker; one OpenMP thread each, as the processes are the cores."""
    global _WORKER
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    _WORKER = Detector(model, config)


def _worker_scan(docs: list[Document]) -> list[PageReport]:
    assert _WORKER is not None
    return _WORKER.scan_documents(docs)


class Detector:
    """Scores pages with a trained `SpamModel`; holds no per-scan state."""

    def __init__(self, model: SpamModel, config: Config | None = None) -> None:
        self.model = model
        self.config = config or Config()

    @classmethod
    def load(
        cls, path: str | Path | None = None, config: Config | None = None, trust: bool = False
    ) -> Detector:
        """The bundled model, or the one at `path`, checked against its card's sha256."""
        return cls(load_model(path, trust=trust), config)

    def with_config(self, **changes: object) -> Detector:
        return Detector(self.model, replace(self.config, **changes))  # type: ignore[arg-type]

    def parse(self, doc: Document) -> Page:
        """Lines of a text document, blocks of an HTML one."""
        if doc.kind == "html":
            return parse_html(doc, self.config.max_segments)
        return parse_text(doc, self.config.max_segments)

    def scan_documents(self, docs: list[Document]) -> list[PageReport]:
        """Score documents as one batch; unreadable ones get an error report."""
        pages = [self.parse(doc) for doc in docs if not (doc.errors and not doc.text)]
        with _one_thread():
            scored = iter(score_batch(self.model, pages, self.config))
        reports = []
        for doc in docs:
            if doc.errors and not doc.text:
                reports.append(
                    PageReport(doc.id, doc.path, "error", None, (), "", doc.kind, doc.errors)
                )
            else:
                reports.append(next(scored))
        return reports

    def scan_text(self, text: str, id: str = "text", path: str | None = None) -> PageReport:
        """Scan one page of plain text (lines are segments)."""
        if not isinstance(text, str):
            raise TypeError(
                f"expected str, got {type(text).__name__}: decode bytes first, "
                "e.g. data.decode('utf-8', 'replace')"
            )
        return self.scan_documents([Document(id, text, path)])[0]

    def scan_html(
        self, html: str, url: str | None = None, id: str | None = None, path: str | None = None
    ) -> PageReport:
        """Scan one HTML page: its visible blocks are segments, its markup adds signals."""
        if not isinstance(html, str):
            raise TypeError(
                f"expected str, got {type(html).__name__}: decode first, e.g. "
                "spamdet.ingest.decode_html(data)[0], which honours the page's declared charset"
            )
        doc = Document(id or url or "html", html, path, "html", url=url)
        return self.scan_documents([doc])[0]

    def scan_many(
        self, records: Iterable[object], n_jobs: int = 1, text_field: str | None = None,
        html_field: str | None = None,
    ) -> Iterator[PageReport]:
        """Scan an iterable of str, mappings (a `datasets.Dataset` too) or `Document`s lazily,
        in input order. Mappings give text or HTML by the fields named here or in the config,
        else by probing `text`, `html`, `content`, `raw_content`."""
        fields = RecordFields.of(self.config)
        if text_field or html_field:
            fields = replace(fields, text=text_field or fields.text,
                             html=html_field or fields.html)
        docs = (to_document(rec, i, fields) for i, rec in enumerate(records))
        yield from self.scan_stream(docs, n_jobs)

    def scan_stream(self, docs: Iterable[Document], n_jobs: int = 1) -> Iterator[PageReport]:
        """Scan documents in batches; with `n_jobs > 1`, worker processes load the model once."""
        batches = _batches(docs, self.config.batch_pages)
        if n_jobs <= 1:
            for batch in batches:
                yield from self.scan_documents(batch)
            return
        # forkserver, not fork: a forked child deadlocks in OpenMP the parent already used
        context = multiprocessing.get_context(
            "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")
        with ProcessPoolExecutor(
            n_jobs, mp_context=context, initializer=_init_worker,
            initargs=(self.model, self.config)
        ) as pool:
            pending: list[Future[list[PageReport]]] = []
            for batch in batches:
                pending.append(pool.submit(_worker_scan, batch))
                if len(pending) >= 2 * n_jobs:
                    yield from pending.pop(0).result()
            for future in pending:
                yield from future.result()

    def clean(self, text: str) -> str:
        """`text` with injected spans, promo and (unless configured) residue removed."""
        return clean_report(self.scan_text(text), keep_residue=self.config.keep_residue)
