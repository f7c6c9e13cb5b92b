"""The library entry point: `Detector.load()`, then `scan_text`, `scan_many`, `scan_corpus`,
`clean`."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TypeVar

from spamdet.campaigns import PageEvidence, batch_evidence
from spamdet.clean import Cleaned, clean_page, next_round
from spamdet.config import Config
from spamdet.corpus import CorpusScan, scan_corpus
from spamdet.gcpause import paused_gc
from spamdet.ingest import RecordFields, to_document
from spamdet.model import SpamModel, bundled_model, bundled_sha256, load_model
from spamdet.overlay import score_batch
from spamdet.parse import parse_text
from spamdet.pool import ignore_interrupts, ordered_map, pool_context
from spamdet.records import Document, Page, PageReport

Scored = list[tuple[PageReport, PageEvidence | None]]
WORKER_BATCH_PAGES = 64
"""Pages per task handed to a worker process: small enough that both workers stay busy and
results flow in order, large enough that the model's fixed cost per call stays small."""
CLEAN_ROUNDS = 3
"""Cleaning rounds at most: a page whose cleaning removed something is scanned again, and
cleaned again, until a rescan finds nothing to remove."""

log = logging.getLogger(__name__)
T = TypeVar("T")


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """`items` in lists of `size`; when the source fails, the items it gave before the
    failure still come as a last batch, and the failure after them (a reader that breaks
    on record 1,000 left records 768-999 read but never reported)."""
    it = iter(items)
    while True:
        batch: list[T] = []
        try:
            for item in it:
                batch.append(item)
                if len(batch) == size:
                    break
        except Exception:
            if batch:
                yield batch
            raise
        if not batch:
            return
        yield batch


_WORKER: Detector | None = None


def _init_worker(model: SpamModel | str, config: Config) -> None:
    """Load the model once per worker; one OpenMP thread each, as the processes are the cores.

    Workers ignore Ctrl-C (`pool.ignore_interrupts`). `model` may be the sha256 of the
    bundled model file, which the worker then has from its fork server or loads itself
    (`model.bundled_model`)."""
    global _WORKER
    from threadpoolctl import threadpool_limits

    ignore_interrupts()
    threadpool_limits(1)
    _WORKER = Detector(bundled_model(model) if isinstance(model, str) else model, config)


def _in_worker(work: Callable[[Detector, list[Document]], T], docs: list[Document]) -> T:
    assert _WORKER is not None
    return work(_WORKER, docs)


def _check_names(**names: object) -> None:
    """A page's id, path and URL are text (the JSON report's strings) or None."""
    for name, value in names.items():
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{name} must be a str, got {type(value).__name__}")


def _check_document(doc: object) -> None:
    """Fail early, naming the fix, on what is no `Document` of text or HTML (the scan failed
    deep inside, or read a kind it does not know as text)."""
    if not isinstance(doc, Document):
        raise TypeError(f"expected spamdet.Document records, got {type(doc).__name__}: "
                        "scan_many reads str, mappings and Documents alike")
    if not isinstance(doc.text, str):
        raise TypeError(f"Document {doc.id!r}: text must be a str, got "
                        f"{type(doc.text).__name__} (use '' with errors for a page not read)")
    if doc.kind not in ("text", "html"):
        raise ValueError(f"Document {doc.id!r}: kind must be 'text' or 'html', got {doc.kind!r}")


class Detector:
    """Scores pages with a trained `SpamModel`; holds no per-scan state."""

    def __init__(self, model: SpamModel, config: Config | None = None) -> None:
        if not isinstance(model, SpamModel):
            raise TypeError(f"expected a SpamModel, got {type(model).__name__}: use "
                            "Detector.load() for the bundled model or Detector.load(path)")
        if config is not None and not isinstance(config, Config):
            raise TypeError(f"config must be a spamdet.Config, got {type(config).__name__}: "
                            "e.g. Config(max_segments=2000), or Detector.with_config(...)")
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
            from spamdet.html import parse_html  # selectolax is loaded for HTML pages only

            return parse_html(doc, self.config.max_segments, self.config.max_line_chars)
        return parse_text(doc, self.config.max_segments, self.config.max_line_chars)

    def scan_documents(self, docs: list[Document]) -> list[PageReport]:
        """Score documents as one batch; unreadable ones get an error report."""
        return [report for report, _ in self._scan(docs, evidence=False)]

    def scan_evidence(self, docs: list[Document]) -> Scored:
        """Score documents as one batch, with the evidence corpus rules need (None on errors)."""
        return self._scan(docs, evidence=True)

    @paused_gc()
    def _scan(self, docs: list[Document], evidence: bool) -> Scored:
        for doc in docs:
            _check_document(doc)
        pages = [self.parse(doc) for doc in docs if not (doc.errors and not doc.text)]
        reports, scores = score_batch(self.model, pages, self.config)
        found = batch_evidence(self.model, scores) if evidence else [None] * len(reports)
        scored = iter(zip(reports, found, strict=True))
        out: Scored = []
        for doc in docs:
            if doc.errors and not doc.text:
                out.append((PageReport(doc.id, doc.path, "error", None, (), "", doc.kind,
                                       doc.errors), None))
            else:
                out.append(next(scored))
        return out

    def scan_text(self, text: str, id: str | None = "text", path: str | None = None
                  ) -> PageReport:
        """Scan one page of plain text (lines are segments)."""
        if not isinstance(text, str):
            raise TypeError(
                f"expected str, got {type(text).__name__}: decode bytes first, "
                "e.g. data.decode('utf-8', 'replace')"
            )
        _check_names(id=id, path=path)
        return self.scan_documents([Document(id or "text", text, path)])[0]

    def scan_html(
        self, html: str, url: str | None = None, id: str | None = None, path: str | None = None
    ) -> PageReport:
        """Scan one HTML page: its visible blocks are segments, its markup adds signals."""
        if not isinstance(html, str):
            raise TypeError(
                f"expected str, got {type(html).__name__}: decode first, e.g. "
                "spamdet.ingest.decode_html(data)[0], which honours the page's declared charset"
            )
        _check_names(url=url, id=id, path=path)
        doc = Document(id or url or "html", html, path, "html", url=url)
        return self.scan_documents([doc])[0]

    def _fields(self, text_field: str | None, html_field: str | None) -> RecordFields:
        fields = RecordFields.of(self.config)
        if text_field or html_field:
            fields = replace(fields, text=text_field or fields.text,
                             html=html_field or fields.html)
        return fields

    def scan_many(
        self, records: Iterable[object], n_jobs: int = 1, text_field: str | None = None,
        html_field: str | None = None,
    ) -> Iterator[PageReport]:
        """Scan an iterable of str, mappings (a `datasets.Dataset` too) or `Document`s lazily,
        in input order. Mappings give text or HTML by the fields named here or in the config,
        else by probing `text`, `html`, `content`, `raw_content`."""
        yield from self.scan_stream(self._documents(records, text_field, html_field), n_jobs)

    def _documents(self, records: Iterable[object], text_field: str | None,
                   html_field: str | None) -> Iterator[Document]:
        if isinstance(records, (str, bytes, Mapping)):  # one page, whose parts would each scan
            raise TypeError(f"expected an iterable of pages, got one {type(records).__name__}: "
                            "use scan_text or scan_html for one page, or wrap it in a list")
        fields = self._fields(text_field, html_field)
        limit = self.config.max_page_bytes
        return (to_document(rec, i, fields, limit) for i, rec in enumerate(records))

    def scan_stream(self, docs: Iterable[Document], n_jobs: int = 1) -> Iterator[PageReport]:
        """Scan documents in batches; with `n_jobs > 1`, worker processes load the model once."""
        for reports in self.batched(Detector.scan_documents, docs, n_jobs):
            yield from reports

    def scan_corpus(self, records: Iterable[object], n_jobs: int = 1,
                    text_field: str | None = None, html_field: str | None = None
                    ) -> CorpusScan:
        """Scan a corpus with cross-page evidence: campaigns and site templates.

        Reads `records` (str, mappings with `text_field`, `Document`s, a `datasets.Dataset`)
        once, scoring every page (pass 1), and returns a `CorpusScan`: iterate it for the
        reports rescored with the corpus evidence (pass 2); `.campaigns` and `.templates`
        list what was found. See `spamdet.campaigns` for the rules.
        """
        return scan_corpus(self, self._documents(records, text_field, html_field), n_jobs)

    def batched(self, work: Callable[[Detector, list[Document]], T], docs: Iterable[Document],
                n_jobs: int = 1) -> Iterator[T]:
        """`work(detector, batch)` for each batch of `docs`, results in input order; with
        `n_jobs > 1` in worker processes (`work` must then be a module-level function)."""
        if isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs < 1:
            raise ValueError(f"n_jobs must be a positive integer (worker processes), got "
                             f"{n_jobs!r}")
        if n_jobs <= 1:
            for batch in _batches(docs, self.config.batch_pages):
                yield work(self, batch)
            return
        batches = _batches(docs, min(self.config.batch_pages, WORKER_BATCH_PAGES))
        sha = bundled_sha256(self.model)
        yield from ordered_map(partial(_in_worker, work), batches, n_jobs,
                               pool_context(bundled=sha is not None), _init_worker,
                               (sha or self.model, self.config))

    def clean(self, text: str) -> str:
        """`text` with injected spans, promo and template residue removed; "" when dropped.

        A page is dropped when its contamination is more than `Config.drop_share` of its
        words (see `clean_text` for what was removed and why).
        """
        return self.clean_text(text).text

    def clean_text(self, text: str) -> Cleaned:
        """Clean one page of text: the cleaned text, the action taken and what was removed."""
        return next(self.clean_reports([self.scan_text(text)]))[1]

    def clean_reports(self, reports: Iterable[PageReport]
                      ) -> Iterator[tuple[PageReport, Cleaned]]:
        """Clean scored pages in batches, each in up to `CLEAN_ROUNDS` rounds.

        After a round that removed something, the cleaned text is scanned again (one batch,
        one model call) and cleaned again: what the first scan missed in the template's
        shadow is found once the template is gone. Unreadable pages are skipped, and so are
        pages cut at the size limit as they were read (`PageReport.cut`): a cleaned copy of
        one would lose what follows the cut.
        """
        keep, share = self.config.keep_residue, self.config.drop_share
        for batch in _batches((r for r in reports if r.verdict != "error" and not r.cut),
                              self.config.batch_pages):
            results = [clean_page(report, keep, share) for report in batch]
            # a page scored in part is cleaned once: a rescan of its cleaned text would score
            # other lines, and its counts would mix the two
            active = [i for i, c in enumerate(results)
                      if c.action == "clean" and not batch[i].scored_in_part]
            for _ in range(CLEAN_ROUNDS - 1):
                if not active:
                    break
                docs = [Document(batch[i].id, results[i].text, batch[i].path) for i in active]
                again = []
                for i, rescan in zip(active, self.scan_documents(docs), strict=True):
                    then = clean_page(rescan, keep, share)
                    results[i] = next_round(results[i], then, share)
                    if then.action == "clean" and results[i].action == "clean":
                        again.append(i)
                active = again
            yield from zip(batch, results, strict=True)
