"""What the parent process of `scan --jobs N` does per page of a corpus scan, in CPU ms.

    python benchmarks/corpus_parent.py [--pages 1500] [--runs 5]

With `--jobs N` the workers score, and the parent alone reads files, counts pass 1's
evidence, then rescores every page in pass 2 and writes the output. Whatever the parent
spends per page caps the scan at 1 / that many pages per second, however many workers
there are. This times the parent's share on generated ~2 KB pages (one site, so template
lines are counted too), in-process, min of `--runs`:

- pass 1 now: unpickle a worker's result (the spill bytes and the page tallies) and count;
- pass 1 as it was before 2026-12-03 (sixth session): unpickle the worker's reports and
  evidence, count them (`CorpusEvidence.add`), pickle them again for the spill;
- pass 2: read the spill back (the collector paused while a batch is unpickled) and rescore
  every page (`CorpusScan`);
- in each worker, the work pass 1 moved there (pickling and tallying a batch).
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import one_thread  # noqa: E402
from speed import text_pages  # noqa: E402

import spamdet  # noqa: E402
from spamdet.campaigns import CorpusEvidence, tally_of  # noqa: E402
from spamdet.corpus import CorpusScan, spill_batch  # noqa: E402
from spamdet.records import Document  # noqa: E402

BATCH = 64  # spamdet.detector.WORKER_BATCH_PAGES


def best_ms(fn: Callable[[], object], pages: int, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        fn()
        best = min(best, time.process_time() - started)
    return 1000 * best / pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    one_thread()
    detector = spamdet.Detector.load()
    lexicon = detector.model.lexicon
    docs = [Document(f"p{n}", text, f"site/p{n:05d}.txt")
            for n, text in enumerate(text_pages(args.pages, args.seed))]
    batches = [docs[i : i + BATCH] for i in range(0, len(docs), BATCH)]
    scored = [detector.scan_evidence(batch) for batch in batches]
    results = [spill_batch(detector, batch) for batch in batches]
    sent_now = [pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL) for r in results]
    sent_before = [pickle.dumps(s, protocol=pickle.HIGHEST_PROTOCOL) for s in scored]

    def pass1_now() -> CorpusEvidence:
        evidence = CorpusEvidence(lexicon)
        with tempfile.TemporaryFile() as spill:
            for message in sent_now:
                pickled, tallies = pickle.loads(message)
                for tally in tallies:
                    if tally is not None:
                        evidence.count(tally)
                spill.write(pickled)
        return evidence

    def pass1_before() -> None:
        evidence = CorpusEvidence(lexicon)
        with tempfile.TemporaryFile() as spill:
            for message in sent_before:
                batch = pickle.loads(message)
                for report, page_evidence in batch:
                    evidence.add(report, page_evidence)
                pickle.dump(batch, spill, protocol=pickle.HIGHEST_PROTOCOL)

    def pass2() -> None:
        evidence = pass1_now()
        spill = tempfile.TemporaryFile()
        for pickled, _ in results:
            spill.write(pickled)
        for _ in CorpusScan(evidence, evidence.rules(detector.model.thresholds), spill):
            pass

    def worker_share() -> None:
        for batch in scored:
            pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL)
            [tally_of(report, page_evidence, lexicon) for report, page_evidence in batch]

    n = len(docs)
    now, before = best_ms(pass1_now, n, args.runs), best_ms(pass1_before, n, args.runs)
    rescoring = best_ms(pass2, n, args.runs) - now
    print(f"{n} pages of ~2 KB, batches of {BATCH}, CPU ms per page, min of {args.runs}\n")
    print("| parent (serial) | ms/page |\n|---|---:|")
    print(f"| pass 1, before: unpickle reports, count, pickle for the spill | {before:.3f} |")
    print(f"| pass 1, now: unpickle spill bytes and tallies, count | {now:.3f} |")
    print(f"| pass 2: read the spill, rescore | {rescoring:.3f} |")
    print(f"\nmoved to each worker: pickle and tally a batch, "
          f"{best_ms(worker_share, n, args.runs):.3f} ms/page")


if __name__ == "__main__":
    main()
