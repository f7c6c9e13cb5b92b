"""Pages in Unicode NFD (decomposed: `é` as `e` + U+0301) against their NFC twins.

    python benchmarks/nfd.py [--list] [--model PATH --trust-model]

Text from macOS exports and some CMSes arrives decomposed. Each page is scanned in NFC
and in NFD, alone; a page agrees when the verdicts are the same, and its spans agree when
the same span texts are found (compared after NFC). Offsets must slice the text scanned.

Pages: the project's sample pages (`data/samples`), the hand-built probe pages
(`benchmarks/text_probe`; both are ASCII, so their twins are the same text), and the
project's own articles (`data/corpus/articles.jsonl`) that hold a letter with a
diacritic, as a page (title, then one paragraph per line), each alone and again with an
invented brand that carries a diacritic glued to its title (`Brand:Title`) and alone on
the line after it; and `benchmarks/nfd_pages/`, eight pages written for this measure whose
titles, datelines and prose are full of diacritics (`ZÜRICH (Reuters) — Café Fröhlich…`),
four clean and five with invented brands that carry diacritics injected (`injected_*`),
also as HTML (`<title>` and `<h1>` the first line, a `<p>` for each other line). Nothing
from ../shared.
"""

from __future__ import annotations

import argparse
import html
import json
import statistics
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import add_model_options, chosen_model  # noqa: E402

from spamdet.detector import Detector  # noqa: E402
from spamdet.records import PageReport  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BRANDS = ("Crédivo", "Monéta Pro", "Lúmina Bank", "Zénthra", "Fïnbridge", "Nuvéa Coin")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def article_pages() -> list[tuple[str, str]]:
    """The project's own articles that NFD changes, clean and with a brand injected."""
    pages = []
    path = ROOT / "data" / "corpus" / "articles.jsonl"
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    changed = [r for r in rows if unicodedata.normalize("NFD", r["title"] + r["text"])
               != r["title"] + r["text"]]
    for n, row in enumerate(changed):
        paragraphs = [p.strip() for p in row["text"].split("\n\n") if p.strip()]
        pages.append((f"{row['id']}", "\n".join([row["title"], *paragraphs]) + "\n"))
        brand = BRANDS[n % len(BRANDS)]
        lines = [f"{brand}:{row['title']}", brand, *paragraphs]
        pages.append((f"{row['id']}+brand", "\n".join(lines) + "\n"))
    return pages


def project_pages() -> list[tuple[str, str]]:
    files = sorted((ROOT / "data" / "samples").glob("*.txt"))
    files += sorted((ROOT / "benchmarks" / "text_probe" / "pages").glob("*.txt"))
    files += sorted((ROOT / "benchmarks" / "nfd_pages").glob("*.txt"))
    return [(f"{f.parent.name}/{f.name}", f.read_text("utf-8")) for f in files] + article_pages()


def as_html(text: str) -> str:
    lines = [html.escape(line) for line in text.splitlines() if line.strip()]
    body = "".join(f"<p>{line}</p>" for line in lines[1:])
    head = f"<head><title>{lines[0]}</title></head>"
    return f"<html>{head}<body><h1>{lines[0]}</h1>{body}</body></html>"


def spans_of(report: PageReport) -> list[str]:
    return sorted(_nfc(s.text) for seg in report.segments for s in seg.spans)


def offsets_hold(report: PageReport, text: str) -> bool:
    return all(text[seg.start:seg.end] == seg.text
               and all(text[s.start:s.end] == s.text for s in seg.spans)
               for seg in report.segments)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--list", action="store_true", help="print every page that differs")
    add_model_options(parser)
    args = parser.parse_args(argv)
    detector = Detector(chosen_model(args))
    rows = []
    for name, text in project_pages():
        nfc, nfd = _nfc(text), unicodedata.normalize("NFD", text)
        a, b = detector.scan_text(nfc, id=name), detector.scan_text(nfd, id=name)
        assert a.score is not None and b.score is not None
        rows.append((name, nfc != nfd, a, b, offsets_hold(b, nfd)))
        if name.startswith("nfd_pages/"):
            a, b = detector.scan_html(as_html(nfc)), detector.scan_html(as_html(nfd))
            assert a.score is not None and b.score is not None
            rows.append((f"html:{name}", True, a, b, offsets_hold(b, b.text)))
    print(f"{'pages':<34}{'n':>5}{'verdict same':>14}{'spans same':>12}"
          f"{'|Δscore| mean':>15}{'max':>8}{'NFC flagged':>13}{'NFD flagged':>13}")
    groups = {
        "ASCII (samples, text probe)": [r for r in rows if not r[1]],
        "hand-built, diacritics, clean": [r for r in rows if r[0].startswith("nfd_pages/clean_")],
        "  the same, brands injected": [r for r in rows if r[0].startswith("nfd_pages/injected_")],
        "hand-built as HTML, clean": [r for r in rows if r[0].startswith("html:nfd_pages/clean")],
        "  as HTML, brands injected": [r for r in rows
                                       if r[0].startswith("html:nfd_pages/injected")],
        "articles with diacritics, clean": [r for r in rows if r[0].startswith("own-")
                                            and "+" not in r[0]],
        "  the same, brand injected": [r for r in rows if "+" in r[0]],
    }
    for label, group in groups.items():
        if not group:
            continue
        deltas = [abs(a.score - b.score) for _, _, a, b, _ in group]
        print(f"{label:<34}{len(group):>5}"
              f"{sum(a.verdict == b.verdict for _, _, a, b, _ in group):>14}"
              f"{sum(spans_of(a) == spans_of(b) for _, _, a, b, _ in group):>12}"
              f"{statistics.fmean(deltas):>15.2g}{max(deltas):>8.2g}"
              f"{sum(a.contaminated for _, _, a, _, _ in group):>13}"
              f"{sum(b.contaminated for _, _, _, b, _ in group):>13}")
    bad = [name for name, _, _, _, ok in rows if not ok]
    print(f"offsets that do not slice the NFD text: {len(bad)} pages {bad[:5]}")
    if args.list:
        for name, _, a, b, _ in rows:
            if a.verdict != b.verdict or spans_of(a) != spans_of(b) or abs(a.score - b.score) > .05:
                print(f"{name}: {a.verdict} {a.score:.3f} {spans_of(a)} | "
                      f"NFD {b.verdict} {b.score:.3f} {spans_of(b)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
