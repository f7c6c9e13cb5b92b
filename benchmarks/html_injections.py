"""Recall on injections in HTML pages, beside the same pages as text.

    python benchmarks/html_injections.py [--pages N] [--model PATH --trust-model]

The generator's validation pages (Reuters and the project's own articles when ../shared is
present, else the project's own; never trained on) are written as HTML the way a spam
site's template would hold them: the first line in `<title>`, the first headline-shaped
line in `<h1>`, template and related-story lines as list items in a `<nav>` (before the
article) or an `<aside class="related">` (after it), the rest as paragraphs (a line that
is only a brand as a `<div>`). Both readings of each page are scanned; the figures are page
recall and false-positive rate, injected spans found (by their text) and promo lines
found. The held-out HTML sets have no injections, so this is where HTML recall is measured.
"""

from __future__ import annotations

import argparse
import html
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REUTERS, add_model_options, chosen_model, one_thread  # noqa: E402

one_thread()

from spamdet.config import Config  # noqa: E402
from spamdet.detector import Detector  # noqa: E402
from spamdet.records import Document, PageReport  # noqa: E402
from spamdet.synth import LabelledPage  # noqa: E402
from spamdet.training import generate, load_corpora  # noqa: E402


def labelled_lines(page: LabelledPage) -> list[tuple[str, set[str]]]:
    """Each line of a page with the labels of the spans inside it."""
    out, start = [], 0
    for line in page.text.split("\n"):
        end = start + len(line)
        labels = {lab for s, e, lab in page.spans if s < end and e > start}
        whole = {lab for s, e, lab in page.spans if s <= start and e >= end}
        out.append((line, labels | {f"whole:{lab}" for lab in whole}))
        start = end + 1
    return out


def headline_shaped(line: str) -> bool:
    return 0 < len(line.split()) <= 20 and not line.rstrip().endswith((".", '"', "”"))


def as_html(page: LabelledPage) -> str:
    """The page as a spam site's template would serve it."""
    lines = [(line, labels) for line, labels in labelled_lines(page) if line.strip()]
    title, rest = lines[0][0], lines[1:]
    first_paragraph = next((i for i, (line, _) in enumerate(rest) if len(line.split()) > 12),
                           len(rest))
    head, tail, body = [], [], []
    h1 = False
    for i, (line, labels) in enumerate(rest):
        text = html.escape(line.removeprefix("- "))
        template = "whole:residue" in labels or "whole:promo" in labels
        if template:
            (head if i < first_paragraph else tail).append(f"<li><a href='/s/{i}'>{text}</a></li>")
        elif not h1 and i < first_paragraph and headline_shaped(line):
            body.append(f"<h1>{text}</h1>")
            h1 = True
        elif "whole:injection" in labels:
            body.append(f"<div>{text}</div>")
        else:
            body.append(f"<p>{text}</p>")
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title></head><body>"
            f"<nav><ul>{''.join(head)}</ul></nav><article>{''.join(body)}</article>"
            f"<aside class='related'><ul>{''.join(tail)}</ul></aside></body></html>")


def found(page: LabelledPage, report: PageReport) -> tuple[int, int, int, int]:
    """Injected spans found (their text inside a reported span) and in all; promo lines
    found (labelled promo) and in all."""
    reported = [s.text for seg in report.segments for s in seg.spans]
    promo = " ".join(seg.text for seg in report.segments if seg.label == "promo")
    spans = [page.text[s:e] for s, e, lab in page.spans if lab == "injection"]
    promos = [page.text[s:e].removeprefix("- ") for s, e, lab in page.spans if lab == "promo"]
    return (sum(any(t in r or r in t for r in reported) for t in spans), len(spans),
            sum(t in promo for t in promos), len(promos))


def measure(pages: list[LabelledPage], reports: list[PageReport]) -> dict[str, float]:
    hit = flagged = dirty = clean = spans = all_spans = promo = all_promo = 0
    for page, report in zip(pages, reports, strict=True):
        if page.contaminated:
            dirty += 1
            hit += report.contaminated
        else:
            clean += 1
            flagged += report.contaminated
        s, n, p, m = found(page, report)
        spans, all_spans, promo, all_promo = spans + s, all_spans + n, promo + p, all_promo + m
    return {"page recall": hit / max(dirty, 1), "page FPR": flagged / max(clean, 1),
            "injected spans found": spans / max(all_spans, 1),
            "promo lines found": promo / max(all_promo, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=0, help="at most N pages (default all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--show", type=int, default=0,
                        help="print N injected spans the HTML reading missed")
    add_model_options(parser)
    args = parser.parse_args(argv)
    from spamdet.training import bundled_corpus

    source = str(REUTERS) if REUTERS.exists() else bundled_corpus()
    pages = generate(load_corpora(source, None), "val", args.seed)
    if args.pages:
        pages = pages[:args.pages]
    detector = Detector(chosen_model(args), Config())
    text = detector.scan_documents([Document(p.id, p.text) for p in pages])
    markup = detector.scan_documents([Document(p.id, as_html(p), kind="html") for p in pages])
    print(f"{len(pages)} validation pages ({sum(p.contaminated for p in pages)} contaminated), "
          f"from {Path(source).name}, seed {args.seed}\n")
    print("| figure | as text | as HTML |\n|---|---:|---:|")
    as_text, as_markup = measure(pages, text), measure(pages, markup)
    for name in as_text:
        print(f"| {name} | {as_text[name]:.3f} | {as_markup[name]:.3f} |")
    shown = 0
    for page, report in zip(pages, markup, strict=True):
        reported = [s.text for seg in report.segments for s in seg.spans]
        for s, e, lab in page.spans:
            if lab == "injection" and shown < args.show and not any(
                    page.text[s:e] in r or r in page.text[s:e] for r in reported):
                line_start = page.text.rfind("\n", 0, s) + 1
                line_end = page.text.find("\n", e)
                print(f"missed {page.text[s:e]!r} in {page.text[line_start:line_end][:100]!r}")
                shown += 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
