"""The labelled pages behind a model card's held-out figures, regenerated exactly.

`spamdet.training.train` measures the model on the test split of the corpus (set
`reuters_test`, whatever the corpus) and on each `--heldout NAME=PATH` corpus (set NAME),
all contaminated by the same seeded generator. The same arguments give the same pages
here, so `spamdet eval` on them reproduces the card. The pages are built from corpora
that are not ours to ship: write them to a scratch file, never commit them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from spamdet.synth import LabelledPage

TEST_SET = "reuters_test"
"""The name `training.train` gives the corpus's own test split on the card."""


def card_pages(set_name: str, corpus: str, promo: Path | None, seed: int = 0,
               limit: int | None = None, heldout: dict[str, str] | None = None
               ) -> list[LabelledPage]:
    """The labelled pages of one card set, as `training.train` generated them."""
    from spamdet.training import generate, load_articles, load_corpora

    heldout = heldout or {}
    if set_name != TEST_SET and set_name not in heldout:
        known = ", ".join([TEST_SET, *heldout])
        raise ValueError(f"no set {set_name!r}: choose one of {known}, or name a held-out "
                         f"corpus with --heldout {set_name}=PATH as training did")
    corpora = load_corpora(corpus, promo, limit)
    if set_name == TEST_SET:
        return generate(corpora, "test", seed)
    held = [article for _, article in load_articles(heldout[set_name])]
    return generate(corpora, "test", seed, held, prefix=set_name)


def write_jsonl(pages: Iterable[LabelledPage], path: Path) -> int:
    """Write pages in DESIGN's labelled format, atomically; returns how many."""
    from spamdet.output import atomic_file

    count = 0
    with atomic_file(path, "w", encoding="utf-8") as fh:
        for page in pages:
            fh.write(json.dumps(page.to_dict(), ensure_ascii=False) + "\n")
            count += 1
    return count
