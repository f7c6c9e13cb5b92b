"""A corpus scan in two passes: the model once over every page, then the corpus rules.

Pass 1 (`scan_corpus`) scores every page once with the model, counts campaign and template
evidence (`spamdet.campaigns.CorpusEvidence`), and spills each batch's reports and evidence
to an anonymous temporary file. Iterating the returned `CorpusScan` reads the spill back and
applies `CorpusRules` (pass 2). Memory holds the counting tables and one batch, never the
corpus; the spill takes disk in proportion to the text (about twice its size) and is
deleted when the scan is closed or garbage-collected.
"""

from __future__ import annotations

import logging
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING

from spamdet.campaigns import (
    Campaign,
    CorpusEvidence,
    CorpusRules,
    PageEvidence,
    PageTally,
    TemplateLine,
    line_hashes,
    tally_of,
)
from spamdet.gcpause import paused_gc
from spamdet.records import Document, PageReport
from spamdet.score import margin_for

if TYPE_CHECKING:
    from spamdet.detector import Detector

log = logging.getLogger(__name__)

Spilled = tuple[PageReport, PageEvidence | None, tuple[int, ...] | None]
"""What the spill keeps of a page: its report, the model's evidence, its line hashes."""
MAX_TEMPLATES = 50
"""Template lines listed in a summary record (the most frequent)."""


class CorpusScan:
    """The result of pass 1; iterate it once for the rescored reports, in input order.

    campaigns: brands and promo lines found injected across pages (`Campaign`);
    templates: short lines that recur across the pages of a site (`TemplateLine`);
    pages, rescored: pages read, and pages whose verdict the corpus evidence changed.
    spill_bytes: size of the temporary file pass 1 wrote (deleted when the scan closes).
    """

    def __init__(self, evidence: CorpusEvidence, rules: CorpusRules, spill: IO[bytes]) -> None:
        self.evidence = evidence
        self.rules = rules
        self._spill = spill
        self._consumed = False
        self.pages = 0
        self.rescored = 0
        self.spill_bytes = spill.tell()

    def __iter__(self) -> Iterator[PageReport]:
        if self._consumed:
            raise RuntimeError("a CorpusScan is read once: call scan_corpus again for a re-read")
        self._consumed = True
        self._spill.seek(0)
        try:
            while True:
                try:
                    with paused_gc():  # tens of thousands of records, no cycles among them
                        batch: list[Spilled] = pickle.load(self._spill)
                except EOFError:
                    break
                for report, evidence, hashes in batch:
                    rescored = self.rules.rescore(report, evidence, hashes)
                    self.pages += 1
                    self.rescored += rescored.verdict != report.verdict
                    yield rescored
        finally:
            self.close()

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
    """Pass 1 on one batch: its (report, evidence, line hashes) pickled for the spill, and
    what the counting needs of each page. Run in the worker processes with `--jobs N`, so
    the parent only writes the bytes and counts the tallies (it never unpickles a report in
    pass 1), and pass 2 reads the line hashes instead of computing them again."""
    scored = detector.scan_evidence(docs)
    with paused_gc():
        lexicon = detector.model.lexicon
        spilled: list[Spilled] = [
            (report, evidence, line_hashes(report) if evidence is not None else None)
            for report, evidence in scored]
        return (pickle.dumps(spilled, protocol=pickle.HIGHEST_PROTOCOL),
                [tally_of(report, evidence, lexicon, hashes)
                 for report, evidence, hashes in spilled])


def scan_corpus(detector: Detector, docs: Iterable[Document], n_jobs: int = 1) -> CorpusScan:
    """Pass 1 over `docs`: model scores, evidence counts, spill; returns the `CorpusScan`."""
    evidence = CorpusEvidence(detector.model.lexicon)
    spill = tempfile.TemporaryFile(prefix="spamdet-corpus-")
    try:
        for pickled, tallies in detector.batched(spill_batch, docs, n_jobs):
            for tally in tallies:
                if tally is not None:
                    evidence.count(tally)
            spill.write(pickled)
    except BaseException:
        spill.close()
        raise
    th = detector.model.thresholds
    threshold = detector.config.threshold
    min_margin = 0.0 if threshold is None else margin_for(threshold, th)
    rules = evidence.rules(th, min_margin)
    log.info("pass 1: %d pages, %d campaign brands, %d promo lines", evidence.pages,
             len(rules.brands), len(rules.lines))
    return CorpusScan(evidence, rules, spill)
