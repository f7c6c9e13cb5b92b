"""A generated corpus with a spam campaign: one "site" that injects a few brands into copied
articles over a shared template, mixed with clean pages from elsewhere.

Used by `tests/test_campaigns.py` and `benchmarks/campaigns.py`. It reads clean articles
(any `spamdet.synth.Article` list) and uses `spamdet.synth` helpers read-only.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from spamdet.synth import (
    Article,
    LabelledPage,
    PageBuilder,
    prefix,
    restyle_dateline,
    split_of,
    suffix,
    titlecase,
    wedge_dateline,
    whole,
)

BRANDS = ("VexGate", "Mavpulse Wealth", "KINECAST", "Bitora")
"""The campaign's brands: made-up names from the generator's test split (never trained on)."""
SITE_NAME = "Lakeside Courier"
"""The site's own name: in bylines and the footer of every page, and some title suffixes."""
PROMO_LINES = ("{B}: The Decentralized Financial Revolution of Cryptocurrency",
               "{B}: The Security of Cryptocurrency and Digital Identity Verification")
TEMPLATE_LINES = ("Follow Lakeside Courier on Telegram for breaking updates",
                  "Disclaimer: this story was republished from a wire service")
OPS = ("title_prefix", "title_suffix", "dateline", "brand_line", "headline_dup", "glued_crumb",
       "promo", "title_prefix_space", "lower_prefix", "paragraph_suffix")
OP_WEIGHTS = (4, 2, 3, 2, 2, 1, 2, 3, 1, 2)
"""The last three are positions where the model alone is weak (a brand before the headline
with only a space, in lower case, or after a paragraph)."""
SINGLE_SHARE = 0.5
"""Share of contaminated site pages where the brand appears exactly once."""
PERSONS = ("Emily Carter", "Noah Whitman", "Grace Holloway", "Liam Sinclair", "Ava Prescott")

assert all(split_of(name) == "test" for name in BRANDS)


@dataclass(frozen=True)
class CampaignPage:
    """A labelled page, which brand it carries (if any) and how many times."""

    page: LabelledPage
    group: str
    brand: str | None
    sightings: int


def _title_case(title: str) -> str:
    """`title` with every word capitalised: before a title in title case, a brand set off by
    a space alone reads as the story's subject, and only corpus evidence tells them apart
    (`title_glue._coined_start` reads sentence case only)."""
    return " ".join(w[:1].upper() + w[1:] for w in title.split(" "))


def _related(rng: random.Random, titles: Sequence[str]) -> list[str]:
    return ["- " + titlecase(rng.choice(titles), rng) for _ in range(rng.randint(3, 6))]


def site_page(article: Article, page_id: str, titles: Sequence[str], brand: str | None,
              seed: int) -> CampaignPage:
    """One page of the campaign site: template around the article, `brand` injected 1-3 times."""
    rng = random.Random(f"{seed}:{page_id}")
    title = titlecase(article.title, rng)
    body = [restyle_dateline(p, rng) for p in article.paragraphs]
    title_line: tuple[str, list] = (title, [])
    if brand is None and rng.random() < 0.3:
        title_line = (f"{title} - {SITE_NAME}", [])
    crumb = rng.choice(["Home > News > World", "Home > News", "Home > World"])
    stamp = (f"Date:2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
             f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}")
    header = [(line, whole(line, "residue")) for line in (crumb, stamp)]
    if rng.random() < 0.5:
        header.append((f"By {rng.choice(PERSONS)}, {SITE_NAME}", []))
    body_lines: list[tuple[str, list]] = [(p, []) for p in body]
    footer = [(line, whole(line, "residue")) for line in
              ("___", rng.choice(TEMPLATE_LINES), f"veryGood! ({rng.randint(10, 99999)})",
               "Related", *_related(rng, titles), "Ranking", *_related(rng, titles),
               f"© 2025 {SITE_NAME}. All rights reserved.")]
    if brand is not None:
        n_ops = 1 if rng.random() < SINGLE_SHARE else rng.randint(2, 3)
        ops: set[str] = set()
        while len(ops) < n_ops:
            ops.add(rng.choices(OPS, OP_WEIGHTS)[0])
        text, spans = title_line
        if "title_prefix" in ops:
            sep = rng.choice([":", ": ", " | ", "|", " - ", "_"])
            text, spans = prefix(text, spans, brand + sep, (0, len(brand)))
        if "title_prefix_space" in ops and "title_prefix" not in ops:
            text = _title_case(text)  # where the rules leave a brand to the model
            text, spans = prefix(text, spans, brand + " ", (0, len(brand)))
        if "lower_prefix" in ops and not ops & {"title_prefix", "title_prefix_space"}:
            text, spans = prefix(text, spans, brand.lower() + ": ", (0, len(brand)))
        if "glued_crumb" in ops:
            crumb = "Current:Home > News"
            head = crumb + brand + ":"
            text, spans = prefix(text, spans, head, (len(crumb), len(crumb) + len(brand)))
            spans.append((0, len(crumb), "residue"))
        if "title_suffix" in ops:
            sep = rng.choice([" -", " - ", " | ", " — "])
            text, spans = suffix(text, spans, sep + brand, (len(sep), len(sep) + len(brand)))
        title_line = (text, sorted(spans))
        if "headline_dup" in ops:
            header.insert(0, prefix(title, [], brand + ":", (0, len(brand))))
        if "brand_line" in ops:
            header.insert(1, (brand, whole(brand, "injection")))
        if "dateline" in ops:
            wedged = wedge_dateline(body_lines[0][0], brand, rng)
            if wedged:
                line, (s, e) = wedged
                body_lines[0] = (line, [(s, e, "injection")])
            else:
                title_line = prefix(title_line[0], title_line[1], brand + ":", (0, len(brand)))
        if "paragraph_suffix" in ops and len(body_lines) > 1:
            k = rng.randrange(1, len(body_lines))
            body_lines[k] = suffix(body_lines[k][0], [], " - " + brand, (3, 3 + len(brand)))
        if "promo" in ops:
            line = "- " + rng.choice(PROMO_LINES).replace("{B}", brand)
            at = next(i for i, (t, _) in enumerate(footer) if t == "Related") + 2
            footer.insert(at, (line, whole(line, "promo")))
    builder = PageBuilder()
    for text, spans in [title_line, *header, *body_lines, *footer]:
        builder.add(text, spans)
    text, spans = builder.build(rng)
    sightings = sum(label != "residue" for _, _, label in spans)
    return CampaignPage(LabelledPage(page_id, text, tuple(sorted(spans))), "site", brand,
                        sightings)


def clean_page(article: Article, page_id: str) -> CampaignPage:
    """A page from elsewhere: title and paragraphs, one per line."""
    rng = random.Random(page_id)
    text = "\n".join([titlecase(article.title, rng), *article.paragraphs]) + "\n"
    return CampaignPage(LabelledPage(page_id, text, ()), "clean", None, 0)


def campaign_corpus(site_articles: Sequence[Article], clean_articles: Sequence[Article],
                    seed: int = 0, contaminated_share: float = 0.8) -> list[CampaignPage]:
    """Site pages (most carrying one of `BRANDS`) and clean pages, in a shuffled order."""
    rng = random.Random(seed)
    titles = [a.title for a in clean_articles] or [a.title for a in site_articles]
    pages = []
    for n, article in enumerate(site_articles):
        brand = BRANDS[n % len(BRANDS)] if rng.random() < contaminated_share else None
        pages.append(site_page(article, f"site/page-{n:04d}", titles, brand, seed))
    pages += [clean_page(a, f"other/page-{n:04d}") for n, a in enumerate(clean_articles)]
    rng.shuffle(pages)
    return pages
