"""A corpus scan in two passes: the model once over every page, then the corpus rules.

Pass 1 (`scan_corpus`) scores every page once with the model, counts campaign and template
evidence (`spamdet.campaigns.CorpusEvidence`), and spills each batch's reports and evidence
to an anonymous temporary file. Iterating the returned `CorpusScan` reads the spill back and
applies `CorpusRules` (pass 2), batch by batch, in worker processes too with `n_jobs > 1`
(`CorpusScan.batches`). Memory holds the counting tables and a few batches, never the
corpus; the spill takes disk in proportion to the text (about twice its size) and is
deleted when the scan is closed or garbage-collected.
"""

from __future__ import annotations

import logging
import pickle
import tempfile
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator
from functools import partial
from typing import IO, TYPE_CHECKING, TypeVar

from spamdet.campaigns import (
    Campaign,
    CorpusEvidence,
    CorpusRules,
    PageEvidence,
    PageTally,
    TemplateLine,
    line_hashes,
    span_heads,
    tally_of,
)
from spamdet.gcpause import paused_gc
from spamdet.pool import ignore_interrupts, ordered_map, pool_context
from spamdet.records import Document, PageReport
from spamdet.score import margin_for

if TYPE_CHECKING:
    from spamdet.detector import Detector

log = logging.getLogger(__name__)

Spilled = tuple[PageReport, PageEvidence | None, tuple[int, ...], frozenset[str | None]]
"""What the spill keeps of a page: its report, the model's evidence, its line hashes and the
heads of its brands (`line_hashes`, `span_heads`; empty for a page without evidence)."""
T = TypeVar("T")
MAX_TEMPLATES = 50
"""Template lines listed in a summary record (the most frequent)."""


class CorpusScan:
    """The result of pass 1; iterate it once for the rescored reports, in input order.

    campaigns: brands and promo lines found injected across pages (`Campaign`);
    templates: short lines that recur across the pages of a site (`TemplateLine`);
    pages, rescored: pages read, and pages whose verdict the corpus evidence changed.
    spill_bytes: size of the temporary file pass 1 wrote (deleted when the scan closes).
    """

    def __init__(self, evidence: CorpusEvidence, rules: CorpusRules, spill: IO[bytes],
                 ends: list[int], n_jobs: int = 1) -> None:
        """`ends`: where each batch of `Spilled` pickled in `spill` ends; `n_jobs`: worker
        processes for pass 2."""
        self.evidence = evidence
        self.rules = rules
        self._spill = spill
        self._ends = ends
        self._n_jobs = n_jobs
        self._consumed = False
        self.pages = 0
        self.rescored = 0
        self.spill_bytes = spill.tell()

    def __iter__(self) -> Iterator[PageReport]:
        for reports in self.batches(list):
            yield from reports

    def batches(self, work: Callable[[list[PageReport]], T]) -> Iterator[T]:
        """`work(reports)` on each batch of rescored reports, in input order: in worker
        processes when the scan has `n_jobs > 1` (`work` must then pickle), so the caller
        can have each batch rendered where it was rescored."""
        if self._consumed:
            raise RuntimeError("a CorpusScan is read once: call scan_corpus again for a re-read")
        self._consumed = True
        self._spill.seek(0)
        try:
            if self._n_jobs > 1 and len(self._ends) > 1:
                done: Iterator[tuple[T, int, int, Counter[tuple[str, Hashable]]]] = ordered_map(
                    partial(_rescore_in_worker, work), self._pickled(), self._n_jobs,
                    pool_context(), _init_rescoring, (self.rules,))
            else:
                done = (rescore_batch(self.rules, pickled, work) for pickled in self._pickled())
            for out, pages, rescored, added in done:
                self.pages += pages
                self.rescored += rescored
                self.evidence.credit(added)
                yield out
        finally:
            self.close()

    def _pickled(self) -> Iterator[bytes]:
        """Each spilled batch, as pickled."""
        start = 0
        for end in self._ends:
            yield self._spill.read(end - start)
            start = end

    @property
    def campaigns(self) -> list[Campaign]:
        return self.evidence.campaigns()

    @property
    def templates(self) -> list[TemplateLine]:
        return self.evidence.templates()

    def to_dict(self) -> dict[str, object]:
        """The corpus part of the summary record (see the README's `--summary`)."""
        templates = self.templates
        return {
            "campaigns": [c.to_dict() for c in self.campaigns],
            "templates": [t.to_dict() for t in templates[:MAX_TEMPLATES]],
            "template_lines": len(templates),
            "rescored_pages": self.rescored,
        }

    def counts(self) -> dict[str, int]:
        """Campaigns, template lines and pages whose verdict changed, for a summary."""
        return {"campaigns": len(self.campaigns), "template_lines": len(self.templates),
                "rescored_pages": self.rescored}

    def close(self) -> None:
        """Delete the spill file (reports not yet read are lost)."""
        self._spill.close()

    def __enter__(self) -> CorpusScan:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def spill_batch(detector: Detector, docs: list[Document]
                ) -> tuple[bytes, list[PageTally | None]]:
    """Pass 1 on one batch: its pages as `Spilled`, pickled for the spill, and what the
    counting needs of each page. Run in the worker processes with `--jobs N`, so the parent
    only writes the bytes and counts the tallies (it never unpickles a report in pass 1),
    and pass 2 reads the line hashes and brand heads instead of computing them again."""
    scored = detector.scan_evidence(docs)
    with paused_gc():
        lexicon = detector.model.lexicon
        spilled: list[Spilled] = [
            (report, evidence, line_hashes(report), span_heads(report, lexicon))
            if evidence is not None else (report, None, (), frozenset())
            for report, evidence in scored]
        return (pickle.dumps(spilled, protocol=pickle.HIGHEST_PROTOCOL),
                [tally_of(report, evidence, lexicon, hashes)
                 for report, evidence, hashes, _ in spilled])


def rescore_batch(rules: CorpusRules, pickled: bytes, work: Callable[[list[PageReport]], T]
                  ) -> tuple[T, int, int, Counter[tuple[str, Hashable]]]:
    """Pass 2 on one spilled batch: `work` on its rescored reports, its pages, the pages
    whose verdict changed, and the pages the rules added to each campaign."""
    with paused_gc():  # tens of thousands of records, no cycles among them
        batch: list[Spilled] = pickle.loads(pickled)
    reports = [rules.rescore(*page) for page in batch]
    rescored = sum(new.verdict != page[0].verdict for new, page in zip(reports, batch, strict=True))
    added, rules.added = rules.added, Counter()
    return work(reports), len(reports), rescored, added


_RULES: CorpusRules | None = None


def _init_rescoring(rules: CorpusRules) -> None:
    global _RULES
    ignore_interrupts()
    _RULES = rules


def _rescore_in_worker(work: Callable[[list[PageReport]], T], pickled: bytes
                       ) -> tuple[T, int, int, Counter[tuple[str, Hashable]]]:
    assert _RULES is not None
    return rescore_batch(_RULES, pickled, work)


def scan_corpus(detector: Detector, docs: Iterable[Document], n_jobs: int = 1) -> CorpusScan:
    """Pass 1 over `docs`: model scores, evidence counts, spill; returns the `CorpusScan`."""
    evidence = CorpusEvidence(detector.model.lexicon)
    spill = tempfile.TemporaryFile(prefix="spamdet-corpus-")
    ends: list[int] = []
    try:
        for pickled, tallies in detector.batched(spill_batch, docs, n_jobs):
            for tally in tallies:
                if tally is not None:
                    evidence.count(tally)
            spill.write(pickled)
            ends.append(spill.tell())
    except BaseException:
        spill.close()
        raise
    th = detector.model.thresholds
    threshold = detector.config.threshold
    min_margin = 0.0 if threshold is None else margin_for(threshold, th)
    rules = evidence.rules(th, min_margin)
    log.info("pass 1: %d pages, %d campaign brands, %d promo lines", evidence.pages,
             len(rules.variants), len(rules.lines))
    return CorpusScan(evidence, rules, spill, ends, n_jobs)
