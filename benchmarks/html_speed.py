"""HTML pages/s: spamdet scan beside `trafilatura.extract` on the same pages in the same run.

    python benchmarks/html_speed.py [--pages 60] [--runs 5] [--parsers]

Pages: the first N/2 of each of ../shared/data/article_extraction_benchmark/html and
../shared/data/trafilatura_eval_en/html (decoded once, outside the timing). One process,
one core; a warm-up run, then the median of `--runs` runs of each, interleaved so that
both see the same machine. spamdet is timed end to end (HTML -> blocks -> markup signals
-> model -> reports, batched as a scan does); trafilatura only extracts text. `--parsers`
adds the parser comparison behind the choice of selectolax (lexbor) over lxml: parse plus
a full walk of the tree collecting text, the work `spamdet.html` does.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pages(shared: Path, n: int) -> list[str]:
    from spamdet.ingest import decode_html

    sets = [shared / "data" / "article_extraction_benchmark" / "html",
            shared / "data" / "trafilatura_eval_en" / "html"]
    paths = [p for d in sets for p in sorted(d.glob("*.gz"))[: n // 2]]
    return [decode_html(gzip.decompress(p.read_bytes()))[0] for p in paths]


def _time(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _lexbor_walk(html: str) -> int:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    chars, stack = 0, [tree.body] if tree.body is not None else []
    while stack:
        node = stack.pop()
        if node.tag == "-text":
            chars += len(node.text_content or "")
            continue
        _ = node.attributes
        child = node.child
        while child is not None:
            stack.append(child)
            child = child.next
    return chars


def _lxml_walk(html: str) -> int:
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except Exception:  # noqa: BLE001 - lxml refuses some input; counted as 0 characters
        return 0
    chars = 0
    for element in root.iter():
        _ = element.attrib
        chars += len(element.text or "") + len(element.tail or "")
    return chars


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--parsers", action="store_true", help="also time lexbor vs lxml")
    args = parser.parse_args(argv)
    try:
        import trafilatura
    except ImportError:
        print("needs trafilatura: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    import spamdet
    from spamdet.records import Document

    pages = _pages(Path(args.shared), args.pages)
    if not pages:
        print(f"no pages under {args.shared}/data", file=sys.stderr)
        return 2
    megabytes = sum(len(p.encode("utf-8")) for p in pages) / 1e6
    detector = spamdet.Detector.load()
    docs = [Document(str(n), html, kind="html") for n, html in enumerate(pages)]

    def spam() -> None:
        for _ in detector.scan_stream(docs):
            pass

    def extract() -> None:
        for html in pages:
            trafilatura.extract(html)

    timed: dict[str, list[float]] = {"spamdet scan": [], "trafilatura.extract": []}
    jobs: dict[str, Callable[[], object]] = {"spamdet scan": spam, "trafilatura.extract": extract}
    if args.parsers:
        jobs["lexbor parse+walk"] = lambda: [_lexbor_walk(p) for p in pages]
        jobs["lxml parse+walk"] = lambda: [_lxml_walk(p) for p in pages]
        timed.update({name: [] for name in jobs if name not in timed})
    for fn in jobs.values():
        fn()  # warm-up
    for _ in range(args.runs):
        for name, fn in jobs.items():
            timed[name].append(_time(fn))
    print(f"{len(pages)} pages, {megabytes:.1f} MB ({1000 * megabytes / len(pages):.0f} KB "
          f"per page), median of {args.runs} runs after a warm-up")
    rates = {}
    for name, seconds in timed.items():
        median = statistics.median(seconds)
        rates[name] = len(pages) / median
        print(f"{name:22s} {rates[name]:8.1f} pages/s {megabytes / median:7.1f} MB/s")
    ratio = rates["spamdet scan"] / rates["trafilatura.extract"]
    print(f"spamdet / trafilatura: {ratio:.2f}x (issue 5 asks >= 2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
