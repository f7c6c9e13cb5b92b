"""Where the time of a text scan goes: CPU seconds per stage, and optionally a cProfile.

    python benchmarks/profile_text.py [--pages 240] [--runs 3] [--cprofile 30]

The stages are those of `spamdet.score.batch_scores` and `score_batch`, run one by one on
the same generated ~2 KB pages that `benchmarks/speed.py` uses; CPU time (process time),
so other processes on the machine disturb the figures less; median of `--runs`.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections.abc import Callable

from common import one_thread, stage_table
from speed import text_pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=240)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cprofile", type=int, default=0, help="print the top N functions")
    args = parser.parse_args(argv)
    one_thread()
    import spamdet
    from spamdet.context import PageContext
    from spamdet.features import hashed_ngrams, views_of
    from spamdet.parse import parse_text
    from spamdet.records import Document
    from spamdet.score import score_batch

    texts = text_pages(args.pages, 1)
    detector = spamdet.Detector.load()
    model, config = detector.model, detector.config
    docs = [Document(str(n), t) for n, t in enumerate(texts)]
    pages = [parse_text(d) for d in docs]
    contexts = [PageContext.build(p, model.lexicon) for p in pages]
    seg_views, tok_views = views_of(contexts)
    X_seg = model.segment_features.transform(seg_views)
    X_tok = model.token_features.transform(tok_views)
    stages: dict[str, Callable[[], object]] = {
        "parse (lines, roles)": lambda: [parse_text(d) for d in docs],
        "page context (layout: tokens, chunks; vocabularies)":
            lambda: [PageContext.build(p, model.lexicon) for p in pages],
        "views and candidate tokens": lambda: views_of(contexts),
        "token signals": lambda: model.token_features.transform(tok_views),
        "segment signals + hashed n-grams": lambda: model.segment_features.transform(seg_views),
        "  of which hashed n-grams": lambda: hashed_ngrams([v.seg.text for v in seg_views],
                                                           model.segment_features.n_hash),
        "segment model (linear, numpy)": lambda: model.segment_proba(X_seg),
        "token model (gradient boosting, numpy)": lambda: model.token_proba(X_tok),
        "whole scan (score_batch)": lambda: score_batch(model, pages, config),
    }
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"{len(texts)} pages, {mb:.2f} MB, {len(seg_views)} segments, {len(tok_views)} "
          f"candidate tokens; CPU ms per page, median of {args.runs}\n")
    seconds = stage_table(stages, args.runs, len(texts), "whole scan (score_batch)")
    whole = seconds["whole scan (score_batch)"]
    print(f"\nwhole scan: {len(texts) / whole:.0f} pages/s, {mb / whole:.2f} MB/s of CPU")
    if args.cprofile:
        profile = cProfile.Profile(time.process_time)
        profile.enable()
        score_batch(model, pages, config)  # pauses the collector itself
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.cprofile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
