"""Injections in hand-built HTML pages: recall and false positives by kind.

    python benchmarks/html_probe.py [--list] [--model PATH --trust-model]

`benchmarks/html_probe/` holds 80 pages written for the project (stories fictional, brands
invented, nothing from ../shared): eight real-world templates (WordPress-like, news portal,
minimal blog, AMP-like, `<div>` and `<br>` layouts, `&nbsp;`), 40 with injections of
DESIGN's kinds and 40 clean with its hard negatives. `labels.jsonl` gives, per page, each
injection's kind, brand and where it stands (`units`: the block text that holds it). Not
held out: usable for development. An injected brand counts as found when a span of the
block holding it contains it (or lies inside it); a promo line when its block is `promo`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import add_model_options, chosen_model  # noqa: E402

from spamdet.config import Config  # noqa: E402
from spamdet.detector import Detector  # noqa: E402
from spamdet.records import PageReport, SegmentReport  # noqa: E402

PROBE = Path(__file__).resolve().parent / "html_probe"
FLAGGED = ("injection", "promo")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def holders(report: PageReport, unit: dict) -> list[SegmentReport]:
    """The blocks that hold one injected unit (`match`: equal, first, last or contains)."""
    needle = _norm(unit["needle"])
    segs = report.segments
    if unit["match"] == "equal":
        hits = [s for s in segs if _norm(s.text) == needle]
    else:
        hits = [s for s in segs if needle in _norm(s.text)] or [
            s for s in segs if len(_norm(s.text)) > 8 and _norm(s.text) in needle]
    return hits[:1] if unit["match"] == "first" else hits[-1:] if unit["match"] == "last" else hits


def found(segs: list[SegmentReport], brand: str, promo: bool) -> bool:
    if promo:
        return any(s.label == "promo" for s in segs)
    brand = brand.lower()
    return any(len(t := _norm(sp.text).lower()) >= 3 and (brand in t or t in brand)
               for s in segs for sp in s.spans)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print every miss and false alarm")
    add_model_options(parser)
    args = parser.parse_args(argv)
    labels = [json.loads(line) for line in (PROBE / "labels.jsonl").read_text("utf-8").splitlines()]
    detector = Detector(chosen_model(args), Config())
    hits, pages = defaultdict(lambda: [0, 0]), {"contaminated": [0, 0], "clean": [0, 0]}
    shown: list[str] = []
    for label in labels:
        html = (PROBE / "pages" / label["file"]).read_text("utf-8")
        report = detector.scan_html(html, url=label["url"])
        kind = "contaminated" if label["contaminated"] else "clean"
        pages[kind][0] += report.contaminated
        pages[kind][1] += 1
        if kind == "clean" and report.contaminated:
            shown += [f"false alarm {label['file']}: [{s.role}] {s.label} {list(s.reasons[:3])} "
                      f"{s.text[:90]!r}" for s in report.segments if s.label in FLAGGED]
        for injection in label.get("injections", []):
            for unit in injection["units"]:
                promo = bool(unit.get("promo"))
                ok = found(holders(report, unit), injection["brand"], promo)
                hits[injection["kind"]][0] += ok
                hits[injection["kind"]][1] += 1
                if not ok:
                    shown.append(f"missed {label['file']} {injection['kind']}/{unit['loc']}: "
                                 f"{injection['brand']!r} in {unit['needle'][:80]!r}")
    dirty, clean = pages["contaminated"], pages["clean"]
    print(f"{len(labels)} pages: page recall {dirty[0]}/{dirty[1]}, page FPR {clean[0]}/{clean[1]}"
          f"\n\n| injection kind | found |\n|---|---:|")
    for kind, (ok, total) in sorted(hits.items()):
        print(f"| {kind} | {ok}/{total} |")
    total_ok, total = (sum(v[i] for v in hits.values()) for i in (0, 1))
    print(f"| all | {total_ok}/{total} |")
    if args.list:
        print("\n" + "\n".join(shown))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
