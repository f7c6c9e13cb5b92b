"""Figures for cleaning (issue 4).

    python benchmarks/cleaning.py           # needs ../shared (example page and data)
    python benchmarks/cleaning.py --show 0  # fewer page listings

1. The real example page: the cleaned text against the expected one.
2. Clean pages: each held-out BBC article (title line, one paragraph per line) cleaned
   alone; the share returned byte for byte, and every page that changed, with why.
3. Contaminated held-out pages (Reuters test split and BBC, contaminated by the generator
   with test-split brands): cleaned, then scanned again. The share not contaminated on the
   rescan, the share dropped by the guard, the gold contamination left in the text, and
   the gold clean lines kept byte for byte.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, bbc_article, bbc_page, bbc_rows, corpora, one_thread  # noqa: E402

one_thread()

import spamdet  # noqa: E402
from spamdet.clean import Cleaned  # noqa: E402
from spamdet.records import Document, PageReport  # noqa: E402
from spamdet.synth import LabelledPage  # noqa: E402
from spamdet.training import generate  # noqa: E402

EXAMPLE = ROOT.parent / "shared" / "examples" / "scraped_ap_injected.txt"


def expected_example(text: str) -> str:
    lines = text.split("\n")
    headline = "Chinese foreign minister visits North Korea in latest diplomacy between countries"
    body = [lines[4].replace("SEOUL,Poinbank South Korea", "SEOUL, South Korea"), *lines[5:16]]
    return "\n".join([headline, *body]) + ("\n" if text.endswith("\n") else "")


def part_1(detector: spamdet.Detector) -> None:
    text = EXAMPLE.read_text("utf-8")
    cleaned = detector.clean_text(text)
    ok = cleaned.text == expected_example(text)
    print("## 1. The example page\n")
    print(f"cleaned == headline + lines 5-16 with the dateline repaired: {ok}; action "
          f"{cleaned.action}; removed {cleaned.spans} spans, {cleaned.brand_lines} brand "
          f"lines, {cleaned.duplicate_lines} duplicated lines, {cleaned.promo_lines} promo "
          f"lines, {cleaned.residue_lines} template lines ({cleaned.removed_words} of "
          f"{cleaned.words} words)\n")


def _why(report: PageReport, cleaned: Cleaned) -> str:
    parts = []
    for seg in report.segments:
        if seg.label == "clean":
            continue
        what = ", ".join(repr(s.text) for s in seg.spans) if seg.spans else repr(seg.text[:60])
        parts.append(f"{seg.label} {what} ({', '.join(seg.reasons[:2])})")
    return f"{cleaned.action}: " + "; ".join(parts)


def part_2(detector: spamdet.Detector, show: int) -> None:
    rows = bbc_rows()
    docs = [Document(str(row["id"]), bbc_page(row)) for row in rows]
    changed = []
    for report, cleaned in detector.clean_reports(detector.scan_stream(docs)):
        if cleaned.text != report.text:
            changed.append((report, cleaned))
    n = len(docs)
    print(f"## 2. Clean pages: {n} held-out BBC articles, each cleaned alone\n")
    print(f"returned byte for byte: {n - len(changed)}/{n} = {(n - len(changed)) / n:.2%}")
    print(f"changed: {len(changed)} pages; by verdict "
          f"{dict(Counter(r.verdict for r, _ in changed))}")
    for report, cleaned in changed[:show]:
        print(f"- {report.id} ({report.verdict}): {_why(report, cleaned)}"[:400])
    print()


def _gold_left(page: LabelledPage, text: str) -> set[str]:
    """Labels of the gold injected spans and promo lines still in the cleaned text."""
    return {label for start, end, label in page.spans
            if label in ("injection", "promo") and page.text[start:end] in text}


def _clean_lines(page: LabelledPage) -> list[str]:
    """The page's lines that no gold span touches."""
    out, offset = [], 0
    for line in page.text.split("\n"):
        end = offset + len(line)
        if line.strip() and not any(s < end and offset < e for s, e, _ in page.spans):
            out.append(line)
        offset = end + 1
    return out


def part_3(detector: spamdet.Detector, show: int) -> None:
    data = corpora()
    sets = {
        "reuters_test": generate(data, "test", 0),
        "bbc": generate(data, "test", 0, [bbc_article(r) for r in bbc_rows()], prefix="bbc"),
    }
    print("## 3. Contaminated held-out pages: cleaned, then scanned again\n")
    print("| set | contaminated pages | flagged by the model | dropped by the guard | "
          "rescan not contaminated (dropped count as such) | rescan clean | "
          "gold contamination left | gold clean lines kept | cleaning rounds |")
    print("|---|---|---|---|---|---|---|---|---|")
    leftovers = []
    left_by: dict[str, tuple[int, int, int]] = {}
    for name, pages in sets.items():
        dirty = [p for p in pages if p.contaminated]
        pairs = list(detector.clean_reports(
            detector.scan_stream(Document(p.id, p.text) for p in dirty)))
        reports = [r for r, _ in pairs]
        cleaned = [c for _, c in pairs]
        kept = [(p, r, c) for p, r, c in zip(dirty, reports, cleaned, strict=True)
                if c.action != "drop"]
        rescans = list(detector.scan_stream(Document(p.id, c.text) for p, _, c in kept))
        verdicts = Counter(r.verdict for r in rescans)
        dropped = len(dirty) - len(kept)
        not_contaminated = dropped + len(rescans) - verdicts["contaminated"]
        left = [_gold_left(p, c.text) for p, _, c in kept]
        gold_left = sum(bool(labels) for labels in left)
        left_by[name] = (sum("injection" in x for x in left), sum("promo" in x for x in left),
                         sum(bool(x) and not r.contaminated for x, (_, r, _) in
                             zip(left, kept, strict=True)))
        lines = kept_lines = 0
        for p, _, c in kept:
            mine = set(c.text.split("\n"))
            for line in _clean_lines(p):
                lines += 1
                kept_lines += line in mine
        n = len(dirty)
        flagged = sum(r.contaminated for r in reports)
        rounds = dict(sorted(Counter(c.rounds for c in cleaned).items()))
        print(f"| {name} | {n} | {flagged} ({flagged / n:.1%}) | {dropped} | "
              f"{not_contaminated} ({not_contaminated / n:.2%}) | {verdicts['clean']} "
              f"({verdicts['clean'] / n:.1%}) | {gold_left} ({gold_left / n:.1%}) | "
              f"{kept_lines / lines:.2%} | {rounds} |")
        leftovers += [r for r in rescans if r.contaminated]
    print()
    for name, (injection, promo, unflagged) in left_by.items():
        print(f"gold contamination left, {name}: injected spans on {injection} pages, promo "
              f"lines on {promo} pages; {unflagged} of these pages were not flagged at all")
    print()
    for report in leftovers[:show]:
        found = [s.text for seg in report.segments for s in seg.spans]
        promo = [seg.text[:60] for seg in report.segments if seg.label == "promo"]
        print(f"- still contaminated after cleaning: {report.id}: spans {found} promo {promo}")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=100, help="pages listed per part")
    args = parser.parse_args()
    detector = spamdet.Detector.load()
    part_1(detector)
    part_2(detector, args.show)
    part_3(detector, args.show)


if __name__ == "__main__":
    main()
