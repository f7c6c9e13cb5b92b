"""Figures for the page rule `page_recurrence`: span and page metrics with and without it.

    python benchmarks/recurrence.py   # needs ../shared/data

Measured on the generator's test split of Reuters and on the held-out BBC articles, both
contaminated with test-split brands (`spamdet.training.generate`), by `spamdet.evaluate`.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import bbc_article, bbc_rows, corpora, one_thread  # noqa: E402

one_thread()

import spamdet  # noqa: E402
import spamdet.score as score  # noqa: E402
from spamdet.evaluate import evaluate  # noqa: E402
from spamdet.records import Document  # noqa: E402
from spamdet.training import generate  # noqa: E402


def main() -> None:
    detector = spamdet.Detector.load()
    data = corpora()
    sets = {"reuters_test": generate(data, "test", 0),
            "bbc": generate(data, "test", 0, [bbc_article(r) for r in bbc_rows()],
                            prefix="bbc")}
    with_rule = score.recur_on_page
    print("| set | page_recurrence | page recall | page FPR | span P | span R | span F1 | "
          "promo R | injection P | injection R |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, pages in sets.items():
        docs = [Document(p.id, p.text) for p in pages]
        for label, rule in (("off", lambda segments, *_: tuple(segments)), ("on", with_rule)):
            score.recur_on_page = rule  # the rule is looked up at call time
            m = evaluate(pages, list(detector.scan_stream(docs)))
            span, labels = m["span"], m["labels"]
            print(f"| {name} | {label} | {m['page_recall']:.4f} | {m['page_fpr']:.4f} | "
                  f"{span['precision']:.4f} | {span['recall']:.4f} | {span['f1']:.4f} | "
                  f"{labels['promo']['recall']:.4f} | {labels['injection']['precision']:.4f} | "
                  f"{labels['injection']['recall']:.4f} |")
    score.recur_on_page = with_rule


if __name__ == "__main__":
    main()
