"""Campaigns: the same brand injected into many unrelated pages, found across a corpus.

Within one page a brand can pass for a real name; across a corpus it gives itself away by
recurring at injection positions (title prefix, dateline, brand line, promo headline) in
unrelated articles. The trained model knows nothing of the corpus, so this is a rule layer
applied after it, in two passes (see `spamdet.corpus`):

1. `CorpusEvidence.add` counts, per page, the brands the model found injected (keyed by
   their rarest word, the *head*), the promo lines it found, the pages where a head stands
   somewhere benign (in the article's own vocabulary, a byline or a copyright line), and the
   short lines of each site. Counts only, in tables of bounded size.
2. `CorpusRules.rescore` then treats each page with that evidence:
   - `campaign_recurrence`: a head injected on at least `MIN_CAMPAIGN_PAGES` distinct pages
     (by title), and on at least `MIN_INJECTED_SHARE` of the pages where it was seen
     injected or benign, is a campaign. Where it appears on another page at a candidate
     position, and is not benign there, it is injected (with the other words of the brand
     as the corpus saw it) however weak the model found it: its probability is raised to
     `CAMPAIGN_MARGIN` logits past the token threshold. The same holds for a line the model
     found to be promo on campaign pages, on the pages where it was missed. A site's real
     name is seen in its bylines and footer on every page, so its injected share stays low
     and it is never raised.
   - `template_recurrence`: a short line found on at least `TEMPLATE_MIN_PAGES` pages and
     `TEMPLATE_MIN_SHARE` of the pages of one site (its folder) is template residue.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace
from hashlib import blake2b
from pathlib import PurePath

import numpy as np

from spamdet.context import line_key
from spamdet.lexicon import Lexicon
from spamdet.model import SEGMENT_CLASSES, SpamModel, Thresholds
from spamdet.parse import dateline_zone
from spamdet.records import PageReport, SegmentReport, Span, pickled_by_fields
from spamdet.recurrence import (
    BENIGN_SIGNALS,
    MAX_REASONS,
    MIN_HEAD_RARITY,
    RAISE_MARGIN,
    Sighting,
    covered,
    head_of,
    match_brands,
    promo_head,
    raised,
    sightings_of,
    with_brand,
    words_of,
)
from spamdet.score import (
    BatchScores,
    logit,
    page_margin,
    page_probability,
    signal_rows,
    verdict_of,
)
from spamdet.zones import TEMPLATE_RECURRENCE

CAMPAIGN_RECURRENCE = "campaign_recurrence"
"""Reason id of a token or line flagged because the corpus saw it injected on many pages."""

MIN_CAMPAIGN_PAGES = 5
"""Distinct pages (by title) on which the model must find a brand injected: a campaign."""
MIN_INJECTED_SHARE = 0.5
"""Of the pages where a head was seen injected or benign, the share it must be injected on
(a page that says the head benignly, in a byline or footer, counts as benign only)."""
CAMPAIGN_MARGIN = RAISE_MARGIN
"""How far past its threshold (in logits) a campaign token or line's probability is raised."""
MIN_SIGHTING_PROB = 1e-3
"""Common words below this model probability are not kept for the second pass (rare words,
which could be a brand's head, always are)."""
TEMPLATE_MIN_PAGES = 5
"""Pages of one site a short line must be on to be template residue."""
TEMPLATE_MIN_SHARE = 0.2
"""Share of the site's pages a short line must be on to be template residue."""
TEMPLATE_MAX_WORDS = 12
"""Lines longer than this are article text, never template, however often they recur."""
MAX_KEYS = 1 << 17
"""Size of each counting table; when full, the least-seen half of its keys is dropped."""
MAX_BRANDS = 1 << 14
"""Brands (and promo lines) tracked at once; when full, the least-seen half is dropped."""
EXAMPLES = 3
"""Example pages kept per campaign."""
TITLE_LINES = 2
TITLE_MIN_WORDS = 4
"""An article is known by its first `TITLE_LINES` own lines of `TITLE_MIN_WORDS` words or more
(`title_key`): its headline and lead, past any line its site puts on every page."""
DISTINCT_TITLES = 64
"""Titles remembered per brand to count unrelated pages (enough to pass the minimum)."""

_PROMO = SEGMENT_CLASSES.index("promo")
_LIST_MARKER = re.compile(r"^(?:[-*•·▪►▶◆■–—>]|\d{1,3}[.)])\s+")
_LEFTOVER = " \t:|-–—_~•·»>/\\()[]【】"


# --- what pass 1 keeps of a page ------------------------------------------------------------


@dataclass(frozen=True)
class PageEvidence:
    """What the corpus rules need from the model about one page, beyond its report.

    token_max, promo_max: the page's strongest token and promo probabilities.
    sightings: candidate tokens not in a benign place: rare words, and common words with
        probability >= MIN_SIGHTING_PROB (the other words of a brand).
    benign: words seen in the article's own vocabulary, a byline or a copyright line.
    promo_p: promo probability of each segment.
    """

    token_max: float
    promo_max: float
    sightings: tuple[Sighting, ...]
    benign: frozenset[str]
    promo_p: np.ndarray = field(repr=False)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class PageTally:
    """What pass 1 counts of one page, read from its report and evidence (`tally_of`), so
    that worker processes can send it instead of the report.

    page: its id (a file's path, a record's id: records of one file share its path);
    title: `title_key`; site: `site_of`.
    benign: words the page uses benignly that are rare enough to be a brand's head.
    found: (key, position, surface, variant) per injected brand (key: its head) and per promo
        line (key: its line hash, position `promo_line`), in page order.
    lines: (line hash, text) per distinct line, in page order; the text only for a short
        clean or residue line (a template candidate), else None.
    """

    page: str
    title: int
    site: str
    benign: tuple[str, ...]
    found: tuple[tuple[Hashable, str, str, tuple[str, ...]], ...]
    lines: tuple[tuple[int, str | None], ...]


PROMO_LINE = "promo_line"
"""Position of a promo line in a `PageTally` (its key is a line hash, not a brand head)."""


def line_hashes(report: PageReport) -> tuple[int, ...]:
    """Each segment's line hash (`_line_hash`): computed once per page, where it was scored,
    for both the counting of pass 1 and the rescoring of pass 2."""
    return tuple(_line_hash(seg) for seg in report.segments)


def span_heads(report: PageReport, lexicon: Lexicon) -> frozenset[str | None]:
    """The heads of the brands the model found on the page (each span's `head_of`):
    computed where the page was scored, so that pass 2 needs no lexicon."""
    return frozenset(head_of(words_of(span.text), lexicon)
                     for seg in report.segments for span in seg.spans)


def tally_of(report: PageReport, evidence: PageEvidence | None, lexicon: Lexicon,
             hashes: tuple[int, ...] | None = None) -> PageTally | None:
    """What `CorpusEvidence.count` needs of a page; None for a page it does not count.
    `hashes`: the page's `line_hashes`, if known."""
    if evidence is None or not report.segments:
        return None
    hashes = hashes or line_hashes(report)
    found: list[tuple[Hashable, str, str, tuple[str, ...]]] = []

    def brand(words: tuple[str, ...], position: str, surface: str) -> None:
        head = head_of(words, lexicon)
        if head is not None:
            found.append((head, position, surface, words))

    lines: list[tuple[int, str | None]] = []
    seen: set[int] = set()
    for seg, key in zip(report.segments, hashes, strict=True):
        if seg.label == "injection":
            for span in seg.spans:
                brand(words_of(span.text), position_of(seg, span), span.text)
        elif seg.label == "promo":
            found.append((key, PROMO_LINE, _LIST_MARKER.sub("", seg.text)[:200], ()))
            head = promo_head(seg.text)
            if head:
                brand(words_of(head), "promo_headline", head)
        if key not in seen:
            seen.add(key)
            template = _short(seg) and seg.label in ("clean", "residue")
            lines.append((key, seg.text if template else None))
    benign = tuple(w for w in evidence.benign if lexicon.rarity_of(w) >= MIN_HEAD_RARITY)
    return PageTally(report.id, title_key(report), site_of(report), benign,
                     tuple(found), tuple(lines))


def batch_evidence(model: SpamModel, scores: BatchScores) -> list[PageEvidence]:
    """Per page of a scored batch, the evidence the corpus rules need (`score.score_batch`)."""
    benign_line = signal_rows(model, scores.X_seg, BENIGN_SIGNALS)
    out = []
    pairs = zip(scores.contexts, scores.evidence(), strict=True)
    for n, (ctx, (token_max, promo_max)) in enumerate(pairs):
        found, benign = sightings_of(scores, n, benign_line)
        kept = tuple(s for s in found if s.prob >= MIN_SIGHTING_PROB
                     or model.lexicon.rarity_of(s.norm) >= MIN_HEAD_RARITY)
        row = scores.seg_rows[n]
        promo_p = scores.seg_p[row : row + len(ctx.page.segments), _PROMO].astype(np.float32)
        out.append(PageEvidence(token_max, promo_max, kept, frozenset(benign), promo_p))
    return out


# --- bounded counting -----------------------------------------------------------------------


class BoundedCounter:
    """Counts keys in at most `max_keys` entries; when full, drops the least-counted half.

    Counts are exact until the first drop; after it a key's count may be short by at most
    `floor` (the largest count ever dropped), as in lossy counting.
    """

    def __init__(self, max_keys: int = MAX_KEYS) -> None:
        self.max_keys = max_keys
        self.counts: Counter[Hashable] = Counter()
        self.floor = 0

    def add(self, key: Hashable) -> int:
        """Count `key` once more; returns its count."""
        count = self.counts.get(key, 0) + 1
        self.counts[key] = count
        if len(self.counts) > self.max_keys:
            self._prune()
        return count

    def add_all(self, keys: Sequence[Hashable]) -> None:
        """`add` each of `keys`, in order: in one pass in C when no drop can come between."""
        if len(self.counts) + len(keys) <= self.max_keys:
            self.counts.update(keys)
        else:
            for key in keys:
                self.add(key)

    def _prune(self) -> None:
        cut = sorted(self.counts.values())[len(self.counts) // 2]
        self.counts = Counter({k: v for k, v in self.counts.items() if v > cut})
        self.floor = max(self.floor, cut)

    def __getitem__(self, key: Hashable) -> int:
        return self.counts.get(key, 0)

    def __len__(self) -> int:
        return len(self.counts)


@dataclass
class _Stats:
    """Running evidence on one brand head or promo line (mutable, bounded)."""

    pages: int = 0
    added: int = 0
    last_page: str = ""
    titles: set[int] = field(default_factory=set)
    positions: Counter[str] = field(default_factory=Counter)
    surfaces: Counter[str] = field(default_factory=Counter)
    variants: Counter[tuple[str, ...]] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    def add(self, page: str, title: int, position: str, surface: str,
            variant: tuple[str, ...]) -> None:
        if page != self.last_page:
            self.last_page = page
            self.pages += 1
            if len(self.examples) < EXAMPLES:
                self.examples.append(page)
        if len(self.titles) < DISTINCT_TITLES:
            self.titles.add(title)
        self.positions[position] += 1
        if surface in self.surfaces or len(self.surfaces) < 8:
            self.surfaces[surface] += 1
        if variant and (variant in self.variants or len(self.variants) < 8):
            self.variants[variant] += 1


def _prune_stats(table: dict[Hashable, _Stats]) -> None:
    cut = sorted(s.pages for s in table.values())[len(table) // 2]
    for key in [k for k, s in table.items() if s.pages <= cut]:
        del table[key]


# --- records --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Campaign:
    """A brand or promo line found injected across pages.

    kind: `brand` or `line`; text: its commonest spelling; pages: pages where the model
    found it; added_pages: further pages where only the corpus evidence found it;
    positions: (position, count), most frequent first; examples: a few pages;
    variants: other spellings seen.
    """

    kind: str
    text: str
    pages: int
    added_pages: int
    positions: tuple[tuple[str, int], ...]
    examples: tuple[str, ...]
    variants: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "text": self.text, "pages": self.pages,
                "added_pages": self.added_pages, "positions": dict(self.positions),
                "examples": list(self.examples), "variants": list(self.variants)}


@dataclass(frozen=True)
class TemplateLine:
    """A short line found on many pages of one site: template residue."""

    site: str
    text: str
    pages: int
    site_pages: int

    def to_dict(self) -> dict[str, object]:
        return {"site": self.site, "text": self.text, "pages": self.pages,
                "site_pages": self.site_pages}


# --- positions and keys ---------------------------------------------------------------------


def position_of(seg: SegmentReport, span: Span) -> str:
    """Where an injected span stands: title_prefix, dateline, brand_line, line_suffix, …"""
    start, end = span.start - seg.start, span.end - seg.start
    before, after = seg.text[:start].strip(_LEFTOVER), seg.text[end:].strip(_LEFTOVER)
    if not before and not after:
        return "brand_line"
    if seg.role == "title":
        return "title_prefix" if not before else "title_suffix" if not after else "title"
    if start < dateline_zone(seg.text):
        return "dateline"
    return "line_prefix" if not before else "line_suffix" if not after else "inline"


def site_of(report: PageReport) -> str:
    """The site a page belongs to: for a record of a JSONL or WARC file whose id is an
    address (a WARC target URI, a crawl's URL ids), the address's registrable host, as one
    crawl file holds many sites; else the folder of its file ("" for records without a
    path)."""
    if report.path and report.id != report.path and "/" in report.id:
        from spamdet.html import host_of  # `site.example/a` read as `//site.example/a`

        host = host_of(report.id if "://" in report.id else "//" + report.id)
        if host and not host.rpartition(".")[2][:1].isdigit():  # `1.5/x` is no address
            return host
    return str(PurePath(report.path).parent) if report.path else ""


def stable_hash(text: str) -> int:
    """A 64-bit hash of `text`, the same in every process (`hash` of a str is not: worker
    processes count pages the parent rescores)."""
    return int.from_bytes(blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                          "little")


def title_key(report: PageReport) -> int:
    """Identity of the article a page carries: its first `TITLE_LINES` lines of at least
    `TITLE_MIN_WORDS` words that are its own text (clean, or injected with the spans taken
    out), else its first line. A site's breadcrumb, name line or banner tops every page it
    serves: taken alone, it would make all of them one article."""
    own = [seg for seg in report.segments
           if seg.label in ("clean", "injection") and len(seg.text.split()) >= TITLE_MIN_WORDS]
    lines = own[:TITLE_LINES] or report.segments[:1]
    return stable_hash("\n".join(line_key(_without_spans(seg)) for seg in lines))


def _without_spans(seg: SegmentReport) -> str:
    text = seg.text
    for span in sorted(seg.spans, key=lambda s: -s.start):
        text = text[: span.start - seg.start] + " " + text[span.end - seg.start :]
    return text


def _line_hash(seg: SegmentReport) -> int:
    return stable_hash(line_key(_LIST_MARKER.sub("", seg.text)))


def _short(seg: SegmentReport) -> bool:
    return seg.role not in ("body", "dateline") and len(seg.text.split()) <= TEMPLATE_MAX_WORDS


# --- pass 1: counting -----------------------------------------------------------------------


class CorpusEvidence:
    """Pass 1: counts what the model found across pages, in bounded tables."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.pages = 0
        self.brands: dict[str, _Stats] = {}
        self.lines: dict[int, _Stats] = {}
        self.benign = BoundedCounter()
        self.line_pages = BoundedCounter()
        self.site_lines = BoundedCounter()
        self.site_pages: Counter[str] = Counter()
        self.template_text: dict[tuple[str, int], str] = {}

    def add(self, report: PageReport, evidence: PageEvidence | None) -> None:
        """Count one scored page (`evidence` None for pages that could not be read)."""
        tally = tally_of(report, evidence, self.lexicon)
        if tally is not None:
            self.count(tally)

    def count(self, tally: PageTally) -> None:
        """Count one page's `PageTally` (what `add` counts, read from the report beforehand)."""
        self.pages += 1
        self.site_pages[tally.site] += 1
        self.benign.add_all(tally.benign)
        benign = frozenset(tally.benign)
        for key, position, surface, variant in tally.found:
            if key in benign:  # the page itself says it benignly: a byline's or footer's name
                continue
            table: dict[Hashable, _Stats] = (
                self.lines if position == PROMO_LINE else self.brands)  # type: ignore[assignment]
            stats = table.get(key)
            if stats is None:
                if len(table) >= MAX_BRANDS:
                    _prune_stats(table)
                stats = table[key] = _Stats()
            stats.add(tally.page, tally.title, position, surface, variant)
        self.line_pages.add_all([key for key, _ in tally.lines])
        for key, template_text in tally.lines:
            if template_text is not None:
                count = self.site_lines.add((tally.site, key))
                if count >= TEMPLATE_MIN_PAGES - 1 and (tally.site, key) not in self.template_text:
                    self.template_text[(tally.site, key)] = template_text

    def injected_share(self, head: str) -> float:
        """Of the pages where `head` was seen injected or benign, the share it was injected on."""
        stats = self.brands.get(head)
        injected = stats.pages if stats else 0
        seen = injected + self.benign[head]
        return injected / seen if seen else 0.0

    def is_campaign(self, head: str) -> bool:
        """Injected on enough distinct pages, and seldom seen anywhere benign."""
        stats = self.brands.get(head)
        return (stats is not None and len(stats.titles) >= MIN_CAMPAIGN_PAGES
                and self.injected_share(head) >= MIN_INJECTED_SHARE)

    def is_promo_campaign(self, key: int) -> bool:
        """Promo on enough distinct pages, and on most pages the line is on."""
        stats = self.lines.get(key)
        if stats is None or len(stats.titles) < MIN_CAMPAIGN_PAGES:
            return False
        return stats.pages / max(stats.pages, self.line_pages[key]) >= MIN_INJECTED_SHARE

    def is_template(self, site: str, key: int) -> bool:
        """On enough pages, and a large enough share, of one site's pages."""
        count = self.site_lines[(site, key)]
        pages = self.site_pages[site]
        return count >= TEMPLATE_MIN_PAGES and pages > 0 and count / pages >= TEMPLATE_MIN_SHARE

    def rules(self, thresholds: Thresholds, min_margin: float = 0.0) -> CorpusRules:
        """The rules pass 2 applies, from the evidence counted so far."""
        brands = {head: s for head, s in self.brands.items() if self.is_campaign(head)}
        variants: dict[str, list[tuple[str, ...]]] = {}
        for head, stats in brands.items():
            ranked = sorted(stats.variants, key=lambda v: (-len(v), -stats.variants[v]))
            variants[head] = [v for v in ranked if head in v] or [(head,)]
        lines = frozenset(key for key in self.lines if self.is_promo_campaign(key))
        templates = frozenset(key for key in self.template_text if self.is_template(*key))
        return CorpusRules(lines, variants, templates, thresholds, min_margin)

    def credit(self, added: Counter[tuple[str, Hashable]]) -> None:
        """Count the pages pass 2 added to each campaign (`CorpusRules.added`)."""
        for (kind, key), pages in added.items():
            table: dict[Hashable, _Stats] = (
                self.brands if kind == "brand" else self.lines)  # type: ignore[assignment]
            table[key].added += pages

    def campaigns(self) -> list[Campaign]:
        """Brands and promo lines that are campaigns, most pages first."""
        out = [_campaign("brand", stats) for head, stats in self.brands.items()
               if self.is_campaign(head)]
        out += [_campaign("line", stats) for key, stats in self.lines.items()
                if self.is_promo_campaign(key)]
        return sorted(out, key=lambda c: (-c.pages - c.added_pages, c.kind, c.text))

    def templates(self) -> list[TemplateLine]:
        """Short lines that are template residue of their site, most pages first."""
        out = [TemplateLine(site, text, self.site_lines[(site, key)], self.site_pages[site])
               for (site, key), text in self.template_text.items() if self.is_template(site, key)]
        return sorted(out, key=lambda t: (-t.pages, t.site, t.text))


def _campaign(kind: str, stats: _Stats) -> Campaign:
    surfaces = [s for s, _ in stats.surfaces.most_common()]
    return Campaign(kind, surfaces[0], stats.pages, stats.added,
                    tuple(stats.positions.most_common()), tuple(stats.examples),
                    tuple(surfaces[1:]))


# --- pass 2: rescoring ----------------------------------------------------------------------


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


@dataclass
class CorpusRules:
    """Pass 2: rescore pages with the corpus evidence of pass 1. Small and self-contained,
    so that worker processes can rescore too.

    lines: line hashes of promo campaigns; variants: each campaign brand's head, with the
    word sequences it was seen in (`match_brands`); templates: (site, line hash) of template
    lines. added: pages each campaign was found on by these rules alone, keyed (kind, key)
    as `CorpusEvidence.credit` takes them.
    """

    lines: frozenset[int]
    variants: dict[str, list[tuple[str, ...]]]
    templates: frozenset[tuple[str, int]]
    thresholds: Thresholds
    min_margin: float = 0.0
    added: Counter[tuple[str, Hashable]] = field(default_factory=Counter)

    @property
    def token_threshold(self) -> float:
        return _sigmoid(logit(self.thresholds.token) + self.min_margin)

    @property
    def promo_threshold(self) -> float:
        return _sigmoid(logit(self.thresholds.promo) + self.min_margin)

    def rescore(self, report: PageReport, evidence: PageEvidence | None,
                hashes: tuple[int, ...], heads: frozenset[str | None]) -> PageReport:
        """The page with corpus evidence applied; the same object when none applies.
        `hashes`, `heads`: the page's `line_hashes` and `span_heads`."""
        if evidence is None or not report.segments:
            return report
        segments = list(report.segments)
        changed = False
        token_max, promo_max = evidence.token_max, evidence.promo_max
        new_tokens: dict[int, list[Sighting]] = {}
        lifted: dict[int, float] = {}
        found_heads: set[str] = set()
        for head, found in match_brands(evidence.sightings, self.variants):
            for s in found:
                if s.prob >= self.token_threshold or covered(segments[s.seg], s):
                    continue
                p = raised(s.prob, self.token_threshold)
                new_tokens.setdefault(s.seg, []).append(s)
                lifted[s.seg] = max(lifted.get(s.seg, 0.0), p)
                token_max = max(token_max, p)
                found_heads.add(head)
        for i, tokens in new_tokens.items():
            segments[i] = with_brand(segments[i], tokens, lifted[i],
                                     float(evidence.promo_p[i]), self.promo_threshold,
                                     CAMPAIGN_RECURRENCE)
            if segments[i].label == "promo":
                promo_max = max(promo_max, segments[i].score)
            changed = True
        site = site_of(report)
        for i, seg in enumerate(segments):
            if seg.label in ("promo", "injection"):
                continue
            key = hashes[i]  # segments keep their text: the hash of the page as scored
            if key in self.lines:
                p = raised(float(evidence.promo_p[i]), self.promo_threshold)
                segments[i] = seg.ruled((CAMPAIGN_RECURRENCE,), label="promo", score=p)
                promo_max = max(promo_max, p)
                self.added["line", key] += 1
                changed = True
            elif _short(seg) and (site, key) in self.templates:
                segments[i] = _as_template(seg)
                changed = changed or segments[i] is not seg
        if not changed:
            return report
        for head in found_heads - heads:
            self.added["brand", head] += 1
        th = self.thresholds
        score = page_probability(page_margin(token_max, promo_max, th), th)
        return replace(report, segments=tuple(segments), verdict=verdict_of(segments),
                       score=max(score, report.score or 0.0))


def _as_template(seg: SegmentReport) -> SegmentReport:
    """`seg` as template residue (the reason put first), or unchanged if it already is."""
    if seg.label == "clean":
        return seg.ruled((TEMPLATE_RECURRENCE,), label="residue", score=1.0 - seg.score)
    if TEMPLATE_RECURRENCE in seg.reasons:
        return seg
    return seg.ruled((TEMPLATE_RECURRENCE, *seg.reasons)[:MAX_REASONS])
