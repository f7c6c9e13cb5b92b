"""Page FPR on real clean articles (held out: measured, never trained or tuned on).

    python benchmarks/clean_fpr.py [PATH] [--limit N] [--list K]   # default: AG News test

Each record (`title` + newline + `text`) is scanned as one page (`--model` as elsewhere);
prints how many come out `contaminated`, a rough breakdown of where the flagged token
stands in the title, and the first K flagged pages with their spans and reasons.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SHARED, add_model_options, chosen_model, jsonl_rows, one_thread  # noqa: E402

one_thread()

from spamdet import Detector  # noqa: E402

DEFAULT = SHARED / "news_agnews_test.jsonl.gz"
_WIRE_TAG = re.compile(r"\((?:Update\d*|Correct\w*|Refile)\)")
_SOURCE_TAG = re.compile(r"\([^)]+\)\s*$")


def _kind(title: str, spans: list[str], promo: bool) -> str:
    if _WIRE_TAG.search(title):
        return "wire update tag after the title, `(Update1)`"
    if _SOURCE_TAG.search(title):
        return "source in parentheses after the title, `(USATODAY.com)`"
    head = title.split(":")[0] if ":" in title else ""
    if head and any(s in head for s in spans):
        return "colon head, `NL Wrap: …`"
    return "promo line" if promo else "other"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT), help="JSONL(.gz) of articles")
    parser.add_argument("--limit", type=int, default=3000, help="articles (seeded sample)")
    parser.add_argument("--list", type=int, default=10, help="flagged pages to show")
    add_model_options(parser)
    args = parser.parse_args()
    path = Path(args.path)
    rows = jsonl_rows(path)
    random.Random(0).shuffle(rows)
    rows = rows[: args.limit]
    pages = [f"{r.get('title') or ''}\n{r.get('text') or ''}" for r in rows]
    reports = list(Detector(chosen_model(args)).scan_many(pages))
    flagged = [(page, r) for page, r in zip(pages, reports, strict=True)
               if r.verdict == "contaminated"]
    print(f"{path.name}: {len(flagged)} of {len(pages)} clean pages flagged contaminated, "
          f"page FPR {len(flagged) / max(len(pages), 1):.2%}")
    kinds: Counter[str] = Counter()
    for page, report in flagged:
        spans = [s.text for seg in report.segments for s in seg.spans]
        promo = any(seg.label == "promo" for seg in report.segments)
        kinds[_kind(page.split("\n")[0], spans, promo)] += 1
    for kind, n in kinds.most_common():
        print(f"  {n:4d}  {kind}")
    for page, report in flagged[: args.list]:
        found = [(seg.label, [s.text for s in seg.spans], seg.reasons[:2])
                 for seg in report.segments if seg.label in ("injection", "promo")]
        print(f"- {page.split(chr(10))[0][:90]!r}: {found}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
