"""What the parent process of `scan --jobs N` does per page of a corpus scan, in CPU ms.

    python benchmarks/corpus_parent.py [--pages 1500] [--runs 5]

With `--jobs N` the workers score, rescore and render; the parent reads files, counts
pass 1's evidence, and writes what the workers rendered. Whatever the parent spends per
page caps the scan at 1 / that many pages per second, however many workers there are, and
pass 2 only starts once pass 1 has ended. This times the parent's share on generated ~2 KB
pages (one site, so template lines are counted too), in-process, min of `--runs`:

- pass 1 now: unpickle a worker's result (the spill bytes and the page tallies) and count;
- pass 1 as it was before 2026-12-03 (sixth session): unpickle the worker's reports and
  evidence, count them (`CorpusEvidence.add`), pickle them again for the spill;
- pass 2 as it was before the eighth session (2026-12-03), all in the parent: read the
  spill back, rescore every page, render its JSON Lines record, add it to the summary;
- pass 2 now: unpickle a worker's rendered batch (`rendered.Rendered`: JSON Lines text and
  the batch's summary), merge the summary, write the text;
- in each worker, the work moved there: pass 1 pickling and tallying a batch, pass 2
  reading, rescoring and rendering it (`corpus.rescore_batch` with `rendered.Output`).
"""

from __future__ import annotations

import argparse
import io
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
from spamdet.corpus import CorpusScan, rescore_batch, spill_batch  # noqa: E402
from spamdet.records import Document  # noqa: E402
from spamdet.rendered import Output  # noqa: E402
from spamdet.summary import Summary  # noqa: E402
from spamdet.textsafe import to_json  # noqa: E402

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

    def scan(evidence: CorpusEvidence) -> CorpusScan:
        spill = tempfile.TemporaryFile()
        ends = []
        for pickled, _ in results:
            spill.write(pickled)
            ends.append(spill.tell())
        return CorpusScan(evidence, evidence.rules(detector.model.thresholds), spill, ends)

    def pass2_before() -> None:
        summary, out = Summary(), io.StringIO()
        for report in scan(pass1_now()):
            summary.add(report)
            out.write(to_json(report.to_dict()) + "\n")

    jsonl = Output("jsonl")
    evidence = pass1_now()
    rules = evidence.rules(detector.model.thresholds)
    rendered = [pickle.dumps(rescore_batch(rules, pickled, jsonl),
                             protocol=pickle.HIGHEST_PROTOCOL) for pickled, _ in results]

    def pass2_now() -> None:
        summary, out = Summary(), io.StringIO()
        for message in rendered:
            batch, _, _, added = pickle.loads(message)
            evidence.credit(added)
            summary.merge(batch.summary)
            out.write(batch.records)

    def worker_share() -> None:
        for batch in scored:
            pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL)
            [tally_of(report, page_evidence, lexicon) for report, page_evidence in batch]
        for pickled, _ in results:
            pickle.dumps(rescore_batch(rules, pickled, jsonl), protocol=pickle.HIGHEST_PROTOCOL)

    n = len(docs)
    now, before = best_ms(pass1_now, n, args.runs), best_ms(pass1_before, n, args.runs)
    rescoring = best_ms(pass2_before, n, args.runs) - now
    print(f"{n} pages of ~2 KB, batches of {BATCH}, CPU ms per page, min of {args.runs}\n")
    print("| parent (serial) | ms/page |\n|---|---:|")
    print(f"| pass 1, before: unpickle reports, count, pickle for the spill | {before:.3f} |")
    print(f"| pass 1, now: unpickle spill bytes and tallies, count | {now:.3f} |")
    print(f"| pass 2, before: read the spill, rescore, render, add to the summary | "
          f"{rescoring:.3f} |")
    print(f"| pass 2, now: unpickle rendered batches, merge summaries, write | "
          f"{best_ms(pass2_now, n, args.runs):.3f} |")
    print(f"\nmoved to the workers (in parallel): pass 1 pickle and tally a batch, pass 2 "
          f"rescore and render it, {best_ms(worker_share, n, args.runs):.3f} ms/page")


if __name__ == "__main__":
    main()
