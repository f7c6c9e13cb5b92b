"""Where the time of an HTML scan goes: CPU ms per page per stage, and optionally a cProfile.

    python benchmarks/profile_html.py [--pages 60] [--runs 3] [--cprofile 30]

The pages are those of `benchmarks/html_speed.py` (the first N/2 of each shared HTML set,
decoded once); the stages are those of `Detector.scan_documents` on them, run one by one:
the nesting check, lexbor's parse, the walk that collects blocks, the rest of
`html.parse_html` (roles, markup records), `overlay.html_view` (markup context, markup
signals, the gate), the model on the blocks it sees (`score.score_batch`), and
`overlay.finish`. CPU time, median of `--runs`, the collector paused as a scan pauses it.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

from common import one_thread, stage_table
from html_speed import _pages

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cprofile", type=int, default=0, help="print the top N functions")
    args = parser.parse_args(argv)
    one_thread()
    import spamdet
    from spamdet import html, overlay
    from spamdet.records import Document
    from spamdet.score import score_batch

    sources = _pages(Path(args.shared), args.pages)
    if not sources:
        print(f"no pages under {args.shared}/data", file=sys.stderr)
        return 2
    detector = spamdet.Detector.load()
    model, config = detector.model, detector.config
    docs = [Document(str(n), source, kind="html") for n, source in enumerate(sources)]
    flat = [html.flatten_nesting(source)[0] for source in sources]
    pages = [detector.parse(doc) for doc in docs]
    views = [overlay.html_view(page, model.lexicon) for page in pages]
    model_pages = [view.model_page for view in views]
    gates = [view.gate for view in views]
    reports = score_batch(model, model_pages, config, gates)[0]
    stages: dict[str, Callable[[], object]] = {
        "nesting check (`flatten_nesting`)": lambda: [html.flatten_nesting(s) for s in sources],
        "lexbor parse": lambda: [html.LexborHTMLParser(s) for s in flat],
        "parse + walk (`extract_blocks`: blocks, stylesheets, head)":
            lambda: [html.extract_blocks(s) for s in flat],
        "whole `parse_html` (the above, roles, markup records)":
            lambda: [detector.parse(doc) for doc in docs],
        "rule layer view (`html_view`: markup context, signals, gate)":
            lambda: [overlay.html_view(page, model.lexicon) for page in pages],
        "model on the blocks it sees (`score_batch`)":
            lambda: score_batch(model, model_pages, config, gates),
        "rules on the model's labels (`finish`)":
            lambda: [overlay.finish(page, view, report, config)
                     for page, view, report in zip(pages, views, reports, strict=True)],
        "whole scan (`scan_documents`)": lambda: detector.scan_documents(docs),
    }
    mb = sum(len(s.encode("utf-8")) for s in sources) / 1e6
    blocks = sum(len(page.segments) for page in pages)
    seen = sum(len(page.segments) for page in model_pages)
    print(f"{len(docs)} pages, {mb:.1f} MB of HTML, {blocks} blocks ({seen} seen by the model); "
          f"CPU ms per page, median of {args.runs}\n")
    whole = "whole scan (`scan_documents`)"
    seconds = stage_table(stages, args.runs, len(docs), whole)
    print(f"\nwhole scan: {len(docs) / seconds[whole]:.0f} pages/s of CPU")
    if args.cprofile:
        profile = cProfile.Profile(time.process_time)
        profile.enable()
        detector.scan_documents(docs)
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.cprofile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
