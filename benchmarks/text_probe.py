"""Injections in hand-built text pages: recall and false positives by kind.

    python benchmarks/text_probe.py [--list] [--model PATH --trust-model]

`benchmarks/text_probe/` holds 120 text pages written for the project (120 original
articles, invented brands used once each, nothing from ../shared), one block per line like
DESIGN's example page, behind ten invented sites' debris (breadcrumbs, dates, share
widgets, related lists, footers). 60 carry injections, six of each kind: brand before or
after the headline, in the dateline, alone on a line, promo lines in a related list, glued
inside a body sentence, before the first paragraph, in a title of several chunks, free
forms, promo paragraphs. 60 are clean, with DESIGN's hard negatives (real datelines,
headlines with colons, real companies and camel-case names, crypto news) and the sites'
own names in titles, bylines and footers. `labels.jsonl` gives each page's kind, site,
brands and injected lines. Not held out: usable for development.

A contaminated page counts as found when its verdict is contaminated, and its brand as
found when a flagged segment (injection or promo) holds it; a clean page flagged is a false
positive. Each page is scanned alone (no corpus evidence).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import add_model_options, chosen_model  # noqa: E402

from spamdet.config import Config  # noqa: E402
from spamdet.detector import Detector  # noqa: E402
from spamdet.records import Document  # noqa: E402

PROBE = Path(__file__).resolve().parent / "text_probe"
FLAGGED = ("injection", "promo")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true",
                        help="list every miss and every false positive with its lines")
    add_model_options(parser)
    args = parser.parse_args()
    detector = Detector(chosen_model(args), Config())
    labels = [json.loads(line) for line in (PROBE / "labels.jsonl").read_text("utf-8").splitlines()]
    docs = [Document(lab["file"], (PROBE / "pages" / lab["file"]).read_text("utf-8"))
            for lab in labels]
    reports = detector.scan_documents(docs)
    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # pages, flagged, brand found
    notes = []
    for lab, report in zip(labels, reports, strict=True):
        flagged = [s for s in report.segments if s.label in FLAGGED]
        row = rows[lab["kind"]]
        row[0] += 1
        row[1] += report.verdict == "contaminated"
        found = [b for b in lab["brands"] if any(b in s.text for s in flagged)]
        row[2] += bool(found)
        if lab["kind"] == "clean" and flagged:
            notes.append(f"false positive {lab['file']} ({lab['site']}): " + "; ".join(
                f"{s.label} {s.text[:90]!r} {[sp.text for sp in s.spans]}" for s in flagged))
        elif lab["kind"] != "clean" and not found:
            notes.append(f"missed {lab['kind']} {lab['file']}: {lab['injected_lines'][:2]}")
    contaminated = [k for k in rows if k != "clean"]
    print(f"{len(labels)} pages: page recall {sum(rows[k][1] for k in contaminated)}/"
          f"{sum(rows[k][0] for k in contaminated)}, brand found on "
          f"{sum(rows[k][2] for k in contaminated)}, clean pages flagged "
          f"{rows['clean'][1]}/{rows['clean'][0]}\n")
    print("| kind | pages | flagged | brand found |\n|---|---:|---:|---:|")
    for kind in sorted(contaminated):
        n, hit, found = rows[kind]
        print(f"| {kind} | {n} | {hit} | {found} |")
    print(f"| clean (false positives) | {rows['clean'][0]} | {rows['clean'][1]} | |")
    if args.list:
        print("\n" + "\n".join(notes))


if __name__ == "__main__":
    main()
