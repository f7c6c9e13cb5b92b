"""Figures for corpus evidence (issue 4): campaigns found, page recall and FPR with and
without the corpus rules, what the two passes cost in time and memory.

    python benchmarks/campaigns.py            # needs ../shared/data
    python benchmarks/campaigns.py --memory   # also peak RSS of the CLI, with /usr/bin/time

Part A generates a campaign site (`campaign_corpus.py`: 250 Reuters test-split articles
behind one template, 80 % carrying one of four brands) and 200 clean Reuters pages, and
scans them with and without corpus evidence. Part B measures page FPR on the held-out BBC
articles (clean, one folder), with and without. Part C runs the CLI on growing corpora.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from campaign_corpus import BRANDS, CampaignPage, campaign_corpus  # noqa: E402
from common import bbc_page, bbc_rows, one_thread, test_articles  # noqa: E402

one_thread()

import spamdet  # noqa: E402
from spamdet.ingest import iter_paths, read_document  # noqa: E402
from spamdet.records import Document, PageReport  # noqa: E402


def write_pages(root: Path, pages: list[tuple[str, str]]) -> None:
    for rel, text in pages:
        path = root / f"{rel}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def read_all(root: Path) -> list[Document]:
    return [read_document(path) for path in iter_paths([root])]


def rel_id(report: PageReport, root: Path) -> str:
    return str(Path(report.path or report.id).relative_to(root).with_suffix(""))


def groups(pages: list[CampaignPage], reports: dict[str, PageReport]) -> dict[str, list[int]]:
    """Per group of pages: [pages, contaminated verdicts]."""
    out: dict[str, list[int]] = {}
    for cp in pages:
        if cp.group == "clean":
            name = "clean pages from elsewhere"
        elif cp.brand is None:
            name = "site pages without a brand"
        else:
            name = ("site pages, brand once" if cp.sightings == 1
                    else "site pages, brand 2+ times")
        row = out.setdefault(name, [0, 0])
        row[0] += 1
        row[1] += reports[cp.page.id].contaminated
    return out


def timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def part_a(detector: spamdet.Detector, runs: int) -> None:
    articles = test_articles()
    pages = campaign_corpus(articles[:250], articles[250:450], seed=0)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_pages(root, [(cp.page.id, cp.page.text) for cp in pages])
        docs = read_all(root)
        plain_t, corpus_t = [], []
        for _ in range(runs):
            t, plain = timed(lambda: list(detector.scan_stream(docs)))
            plain_t.append(t)

            def both() -> tuple[list[PageReport], object]:
                scan = detector.scan_corpus(docs)
                return list(scan), scan

            t, (rescored, scan) = timed(both)  # type: ignore[misc]
            corpus_t.append(t)
        before = {rel_id(r, root): r for r in plain}
        after = {rel_id(r, root): r for r in rescored}
        print(f"## A. Campaign corpus: {len(pages)} pages "
              f"({sum(cp.group == 'site' for cp in pages)} from one site)\n")
        print("| pages | n | contaminated, model only | with corpus evidence |")
        print("|---|---|---|---|")
        a, b = groups(pages, before), groups(pages, after)
        for name in sorted(a):
            n, hit = a[name]
            print(f"| {name} | {n} | {hit} ({hit / n:.1%}) | {b[name][1]} ({b[name][1] / n:.1%}) |")
        campaigns = scan.campaigns  # type: ignore[attr-defined]
        print("\nCampaigns found:")
        for c in campaigns:
            positions = ", ".join(f"{p} {n}" for p, n in c.positions[:4])
            print(f"- {c.kind} `{c.text}`: {c.pages} pages (+{c.added_pages} by corpus "
                  f"evidence); {positions}")
        brands = sorted(c.text.lower() for c in campaigns if c.kind == "brand")
        print(f"\nbrand campaigns == the generated brands: "
              f"{brands == sorted(b.lower() for b in BRANDS)}")
        print(f"template lines learned: {len(scan.templates)}; "  # type: ignore[attr-defined]
              f"verdicts changed: {scan.rescored}")  # type: ignore[attr-defined]
        text_bytes = sum(len(d.text.encode("utf-8")) for d in docs)
        print(f"spill file of pass 1: {scan.spill_bytes / 1e6:.1f} MB for "  # type: ignore[attr-defined]
              f"{text_bytes / 1e6:.1f} MB of text "
              f"({scan.spill_bytes / text_bytes:.1f}x)")  # type: ignore[attr-defined]
        print(f"\ntime, median of {runs} (one process, one core): model only "
              f"{statistics.median(plain_t):.2f} s, with corpus evidence "
              f"{statistics.median(corpus_t):.2f} s "
              f"({len(docs) / statistics.median(plain_t):.0f} vs "
              f"{len(docs) / statistics.median(corpus_t):.0f} pages/s)\n")


def part_b(detector: spamdet.Detector) -> None:
    rows = bbc_rows()
    docs = [Document(f"bbc/{row['id']}", bbc_page(row), f"bbc/{row['id']}.txt") for row in rows]
    plain = list(detector.scan_stream(docs))
    scan = detector.scan_corpus(docs)
    rescored = list(scan)
    n = len(docs)
    fp_a = sum(r.contaminated for r in plain)
    fp_b = sum(r.contaminated for r in rescored)
    changed = [(a.id, a.verdict, b.verdict) for a, b in zip(plain, rescored, strict=True)
               if a.verdict != b.verdict]
    print(f"## B. Held-out BBC articles ({n} clean pages, one folder)\n")
    print(f"page FPR, model only: {fp_a}/{n} = {fp_a / n:.2%}; with corpus evidence: "
          f"{fp_b}/{n} = {fp_b / n:.2%}")
    print(f"campaigns found: {len(scan.campaigns)}; template lines: {len(scan.templates)}; "
          f"verdicts changed: {Counter((a, b) for _, a, b in changed)}\n")


def part_c() -> None:
    """Peak RSS and wall time of `spamdet scan DIR --format jsonl`, with and without."""
    articles = test_articles()
    rows = bbc_rows()
    print("## C. CLI cost: `spamdet scan DIR --format jsonl [--no-campaigns]`\n")
    print("| pages | mode | wall s | peak RSS MB |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        pages = [(f"site/r{n:05d}", cp.page.text) for n, cp in enumerate(
            campaign_corpus(articles[:900], [], seed=1, contaminated_share=0.5))]
        pages += [(f"bbc/{row['id']}", bbc_page(row)) for row in rows]
        for size in (500, 1500, len(pages)):
            sub = root / str(size)
            write_pages(sub, pages[:size])
            for flag in ("--no-campaigns", "--campaigns"):
                cmd = ["/usr/bin/time", "-f", "%e %M", sys.executable, "-m", "spamdet", "scan",
                       str(sub), "--format", "jsonl", "--quiet", flag]
                done = subprocess.run(cmd, capture_output=True, text=True)
                wall, rss = done.stderr.strip().splitlines()[-1].split()
                print(f"| {size} | {flag} | {float(wall):.1f} | {int(rss) / 1024:.0f} |")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--memory", action="store_true", help="also part C (slow)")
    args = parser.parse_args()
    detector = spamdet.Detector.load()
    part_a(detector, args.runs)
    part_b(detector)
    if args.memory:
        part_c()


if __name__ == "__main__":
    main()
