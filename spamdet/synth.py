"""Synthetic contamination: clean articles become scraped pages with labelled injections.

Brands are generated, never listed, and each name belongs to one split (train,
val or test) by a hash of the name, so no name is shared between them. Pages
carry benign residue and hard negatives (real datelines, colon headlines,
outlet suffixes, camel-case names, bylines, crypto news) whether contaminated or not.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import io
import random
import re
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from spamdet.normalize import deconfuse, fold

SPLITS = ("train", "val", "test")
NOVEL_SEP_SHARE = 0.25
"""Share of brand separators drawn from the split's own `NOVEL_SEP_CORES`."""
STUB_SHARE = 0.04
"""Pages with little or no article (a title, a sentence): absence from the article means less."""
BARE_SHARE = 0.25
"""Pages that are only the title and the article (extracted text): no header or footer lines,
so the article's last paragraph is also the page's last line, where footer promos stand."""

# --- brand generation ----------------------------------------------------------------------

_HEADS = (
    "poin chain vital coin bit nova zen quant lumi kryp vex block cash ether trade fin sol "
    "astra axi bright cryp delta echo flux gold hex ion jet kine lux meta nex orbi pixi "
    "quanta rapid silver terra ultra vert wave xeno yield zeta apex bolt cipher dyna ever "
    "fort gala hyper infi jolt karma lyra mint neo omni peak ripple summit titan unity vanta "
    "wise zap acu blu cor dax elo fyn gry hol ivo jun kel lor mav nor oxy pru qui rev sky tor "
    "uni vol wyn xan yor zor crown star prime true smart swift clear wealth profit moon"
).split()
_TAILS = (
    "bank keen edge ly ex io ium ora ify hub nest pulse base link loop wise mark point "
    "gate verse nix ton trix vault mint pay port scope sphere stack stream wave ware zone "
    "coin chain fi fy go lab line net pro rise up way bit dex flow core cast dash fox"
).split()
_SECOND = (
    "View News Daily Finance Pro Capital Hub Times Global Wealth Trade Markets Post Wire "
    "Insider Today Digital Invest Exchange Network Media Group Labs Online Review Watch"
).split()
_FIRST_NAMES = (
    "Emily James Olivia Liam Sophia Noah Ava Lucas Mia Ethan Grace Daniel Chloe Henry Ella "
    "Samuel Zoe Oscar Ruby Felix Nora Hugo Ivy Leo Clara Max Alice Owen Maya Isaac"
).split()
_LAST_NAMES = (
    "Carter Reeves Whitman Holloway Sinclair Prescott Langley Thornton Ashford Kendrick "
    "Mercer Hartley Ellison Caldwell Brennan Fairchild Lockwood Sterling Winslow Barlow "
    "Draper Hale Quincy Radcliffe Sutton Vance Wexley Yardley Zeller Pembroke"
).split()
_SYLLABLES = ("ba be bo ka ke ko la li lo ma mi mo na ne no ra re ri sa se so ta te to va vi "
              "zo").split()


def split_of(name: str) -> str:
    """The split a generated name belongs to: 70 % train, 10 % val, 20 % test."""
    plain = deconfuse(fold(name)[0]).lower()
    bucket = int(hashlib.sha256(plain.encode()).hexdigest()[:8], 16) % 10
    return "train" if bucket < 7 else "val" if bucket == 7 else "test"


def _compose(rng: random.Random) -> str:
    style = rng.random()
    if style < 0.30:
        return (rng.choice(_HEADS) + rng.choice(_TAILS)).capitalize()
    if style < 0.45:
        return rng.choice(_HEADS).capitalize() + rng.choice(_TAILS).capitalize()
    if style < 0.55:
        return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
    if style < 0.68:
        return (rng.choice(_HEADS) + rng.choice(_TAILS)).capitalize() + " " + rng.choice(_SECOND)
    if style < 0.76:
        head = (rng.choice(_HEADS) + rng.choice(_TAILS)).capitalize()
        return f"{head} {rng.choice(_SECOND)} {rng.choice(_SECOND)}"
    if style < 0.86:
        name = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"
        return name if rng.random() < 0.6 else f"{name} {rng.choice(_SECOND)}"
    if style < 0.93:
        words = [rng.choice(_HEADS), rng.choice(["we", "my", "go", "the", ""]), rng.choice(_TAILS)]
        return "".join(words).upper()
    head = (rng.choice(_HEADS) + rng.choice(_TAILS)).capitalize()
    return head + rng.choice(["24", "365", "X", "One", "Plus", ".com", ".io"])


def _cased(rng: random.Random, name: str) -> str:
    roll = rng.random()
    if roll < 0.10:
        return name.upper()
    if roll < 0.14:
        return name.lower()
    return name


def _obfuscated(rng: random.Random, name: str) -> str:
    """Evasion seen in the wild: a zero-width space inside, or a Cyrillic look-alike letter."""
    k = rng.randrange(1, len(name))
    if rng.random() < 0.5 or name[k] not in "aeopcxyAEKMHOPCTX":
        return name[:k] + "\u200b" + name[k:]
    lookalike = name[k].translate(str.maketrans("aeopcxyAEKMHOPCTX", "аеорсхуАЕКМНОРСТХ"))
    return name[:k] + lookalike + name[k + 1:]


def novel_separator(rng: random.Random, split: str) -> str:
    """One of this split's `NOVEL_SEP_CORES`, spaced the ways pages space them."""
    core = rng.choice(_NOVEL_SEPS_OF[split])
    if not core.isascii() and rng.random() < 0.2:
        return core
    return rng.choice([" ", " ", " ", ""]) + core + " " if not core.isascii() else f" {core} "


def brand(rng: random.Random, split: str) -> str:
    """A made-up brand name that belongs to `split` (3 % of them obfuscated)."""
    while True:
        name = _compose(rng)
        if split_of(name) == split:
            name = _cased(rng, name)
            return _obfuscated(rng, name) if rng.random() < 0.03 and len(name) > 3 else name


# --- page material -------------------------------------------------------------------------

TITLE_PREFIX_SEPS = (":", ": ", " | ", "|", " - ", "-", " – ", " — ", "_", " :: ", " » ",
                     " / ", " ~ ", " • ", "·", ":", ": ", " |")
TITLE_SUFFIX_SEPS = (" -", " - ", " | ", "|", " — ", " – ", " :: ", "_", " · ", " // ", " ~ ",
                     "-", " | ")
NOVEL_SEP_CORES = tuple(
    "☆ ○ □ ▲ △ ▼ ◇ ♣ ♠ ♥ ✦ ✧ ✪ ✱ ✳ ❱ ➜ ➤ ➔ ⇒ ⇨ ⟶ ↣ ↠ ⊳ ⋙ ≫ ⁂ ※ ⟩ 〉 ⦁ ⦿ ✔ ☛ ☞ 👉 ⚡ 📢 "
    "💥 ✨ 📰 ⚫ ▪ ❘ ┃ │ ∙ ∷ ⊙ ✚ ✓ ⚑ 🔴 🟢 ⭐ 📌 ▷ ◁ ⯈ ⮞ ➢ ➣ ⇛ ⇾ ⤏ ++ == ~~ ^^ #".split()
)
"""Rarer separators, each owned by one split (`split_of`), so val and test pages carry
separators training never saw and the model learns what a separator is, not a list of them."""
_NOVEL_SEPS_OF = {split: tuple(c for c in NOVEL_SEP_CORES if split_of(c) == split)
                  for split in SPLITS}
BRACKETS = (("【", "】"), ("[", "] "), ("(", ") "), ("「", "」"))
COLON_HEADS = ("Analysis", "Exclusive", "Factbox", "Explainer", "Preview", "Review", "Opinion",
               "Watch", "Live", "Breaking", "In pictures", "Update", "Q&A", "Insight",
               "Timeline", "Editorial", "Commentary", "Fact check", "Interview", "Poll")
OUTLETS = ("Reuters", "AP", "BBC News", "The Guardian", "CNN", "AFP", "Bloomberg",
           "The New York Times", "Al Jazeera", "Sky News", "NPR", "Financial Times", "ABC News")
AGENCY_TAGS = ("AP", "Reuters", "AFP", "UPI", "Bloomberg", "dpa", "Xinhua")
CAMEL_NAMES = ("iPhone", "YouTube", "McDonald's", "PayPal", "JPMorgan", "eBay", "PlayStation",
               "LinkedIn", "BlackRock", "FedEx", "WhatsApp", "SoftBank", "GlaxoSmithKline",
               "McKinsey", "MasterCard", "PepsiCo", "HarperCollins", "DreamWorks", "iPad",
               "TikTok", "OpenAI", "DeepMind", "SpaceX", "AstraZeneca", "BlackBerry", "MacBook")
ACRONYMS = ("NATO", "UAW", "OPEC", "IMF", "FIFA", "NASA", "UNICEF", "WHO", "FBI", "EU", "UN",
            "NHS", "SEC", "ECB", "OECD", "WTO", "ASEAN", "UEFA", "IAEA", "CDC")
STATES = ("Maine", "Ohio", "Texas", "Calif.", "Fla.", "Ga.", "N.Y.", "Ill.", "Mich.", "Pa.",
          "Kenya", "South Korea", "Japan", "Brazil", "India", "Germany", "Australia", "Egypt")
WIDGET_HEADERS = ("Related", "Ranking", "Recommendation", "Most Read", "Trending Now",
                  "Related Stories", "More from News", "Read more", "You may also like",
                  "Top Stories", "Latest News", "Editor's Picks", "Popular", "See also",
                  "Recommended for you", "Most Popular", "More Stories", "Hot News")
SHARE_LINES = ("Share this article", "Share", "Facebook Twitter Email", "Share on Facebook",
               "Tweet", "Print", "Email", "Advertisement", "ADVERTISEMENT", "Comments",
               "Leave a comment", "Subscribe to our newsletter", "Sign up", "Follow us",
               "Skip to content", "Back to top", "Loading...", "Sponsored", "Menu", "Search")
COUNTER_WORDS = ("veryGood!", "Good", "Like", "Comments", "Views", "Likes", "Shares",
                 "Helpful", "Thumbs up", "Votes", "Reads")
BREADCRUMB_PARTS = ("Home", "News", "World", "Business", "Politics", "Sports", "Tech",
                    "Markets", "Asia", "Europe", "Economy", "Science", "Health", "Culture")
CRYPTO_SENTENCES = (
    "Bitcoin fell 4% on Tuesday after regulators signalled tighter rules for exchanges.",
    "The exchange said customer funds were safe and withdrawals had resumed.",
    "Prosecutors said the founder misled investors about the token's backing.",
    "Analysts said the cryptocurrency market remained volatile after the ruling.",
    "The central bank warned that crypto assets posed risks to consumers.",
    "Ether and other tokens also slipped as traders cut their exposure.",
)
BYLINES = ("By {n}", "By {N}, Associated Press", "By {n} | Staff Writer", "Written by {n}",
           "{n}, Business Reporter", "By {n} and {m}")
CREDITS = (" — Reuters", " (AP)", " — AP", " | AFP", " – PA", " — Getty Images",
           " (AP Photo/{n})", " ■", " ◆", " —{n}", " -- {n}", " (Photo: {n})",
           " — The Associated Press", " | Bloomberg", " (dpa)")
"""Real credits and end marks after a paragraph: hard negatives for brands put there."""
SIGNOFFS = ("Reporting by {n}; Editing by {m}", "({n} reported from London.)",
            "Additional reporting by {n}", "Contact the author: {n}")


_PROMO_SUBJECT = ("{B}", "{B} Token", "{B} Coin", "{B} Exchange", "{B} Wallet", "{B} Casino",
                  "{B} Finance", "{B} App", "{B} Pharmacy", "{B} Loans", "{B} Trading", "{B} AI")
_PROMO_TOPIC = (
    "The Future of Decentralized Finance", "How Smart Investors Earn Passive Income",
    "The Security of Digital Assets Explained", "Why Early Buyers Are Winning Big",
    "Your Gateway to Web3 Wealth", "The Next Generation of Crypto Payments",
    "Trade Bitcoin With Zero Fees", "The Revolution of Digital Identity",
    "Unlock Financial Freedom Today", "Stake, Earn and Grow Your Portfolio",
    "Secure Your Wallet Before the Bull Run", "Get Instant Cash Loans With No Credit Check",
    "Best Online Slots and Live Casino Bonuses", "Cheap Meds Delivered Overnight",
    "The Smartest Way to Invest in Altcoins", "Turn $100 Into $10,000 With AI Trading",
    "Lose Weight Fast Without Dieting", "Guaranteed Returns on Every Trade",
)
_PROMO_CLAIM = ("Surges {N}% as Whales Buy In", "Lists on Major Exchanges This Week",
                "Presale Ends Soon - Don't Miss Out", "Is the Next 100x Gem",
                "Airdrop Is Live: Claim Your Free Tokens", "Launches With {N}% APY Staking",
                "Pays Out ${N},000 in Daily Rewards", "Opens VIP Signals to New Members")
_PROMO_CTA = ("Join {S} today and get a {N}% deposit bonus", "Claim your free {S} airdrop now",
              "Click here to start earning with {S}", "Sign up at {S} and win up to ${N},000",
              "Download the {S} app and trade smarter", "Visit {S} for exclusive VIP signals",
              "Don't miss the {S} presale - only {N} hours left!", "Earn up to {N}% APY with {S}")


def promo_line(rng: random.Random, name: str) -> str:
    """A generated promotion line: brand-colon headline, claim or call to action."""
    subject = rng.choice(_PROMO_SUBJECT).replace("{B}", name)
    number = str(rng.choice([5, 10, 20, 50, 100, 200, 300, 500, 1000]))
    roll = rng.random()
    if roll < 0.4:
        line = f"{subject}{rng.choice([': ', ' - ', ' | ', ': '])}{rng.choice(_PROMO_TOPIC)}"
    elif roll < 0.7:
        line = f"{subject} {rng.choice(_PROMO_CLAIM)}"
    else:
        line = rng.choice(_PROMO_CTA).replace("{S}", subject)
    return line.replace("{N}", number) + (rng.choice(["", "", " 🚀", "!", " 💰"]))


@dataclass
class PageBuilder:
    """Collects lines with their labelled spans (offsets within the line) and joins them."""

    lines: list[tuple[str, list[tuple[int, int, str]]]] = field(default_factory=list)

    def add(self, text: str, spans: Sequence[tuple[int, int, str]] = ()) -> None:
        self.lines.append((text, list(spans)))

    def insert(self, index: int, text: str, spans: Sequence[tuple[int, int, str]] = ()) -> None:
        self.lines.insert(index, (text, list(spans)))

    def build(self, rng: random.Random) -> tuple[str, list[tuple[int, int, str]]]:
        blank = rng.random() < 0.3
        parts: list[str] = []
        spans: list[tuple[int, int, str]] = []
        offset = 0
        for n, (text, line_spans) in enumerate(self.lines):
            if n:
                sep = "\n\n" if blank else "\n"
                parts.append(sep)
                offset += len(sep)
            parts.append(text)
            spans.extend((offset + s, offset + e, label) for s, e, label in line_spans)
            offset += len(text)
        return "".join(parts) + ("\n" if rng.random() < 0.8 else ""), spans


def whole(text: str, label: str) -> list[tuple[int, int, str]]:
    return [(0, len(text), label)]


_KEEP_UPPER = ("U.S", "U.K", "EC", "EEC", "OPEC", "GATT")


def titlecase(title: str, rng: random.Random) -> str:
    """Reuters' upper-case slugs in the case a web page would use (acronyms kept)."""
    title = re.sub(r"\s*<[^>]*>\s*", " ", title).strip()
    if not title.isupper():
        return title
    small = {"a", "an", "the", "of", "in", "on", "to", "for", "and", "or", "at", "by", "as", "vs"}
    sentence = rng.random() < 0.4
    out = []
    for i, word in enumerate(title.split()):
        if "." in word.strip(".") or word.strip(".,") in _KEEP_UPPER:
            out.append(word)
        elif i == 0 or (not sentence and word.lower() not in small):
            out.append(word[:1] + word[1:].lower())
        else:
            out.append(word.lower())
    return " ".join(out)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"


@dataclass(frozen=True)
class Article:
    title: str
    paragraphs: tuple[str, ...]
    dateline: str | None


_DATELINE = re.compile(
    r"^([A-Z][A-Z .'-]+(?:, [A-Za-z. ]+?)?)(?:, ([A-Z][a-z]{2,8}\.? \d{1,2}))? -\s"
)


_DLRS = re.compile(r"\b(\d[\d.,]*)( mln| billion)? (?:U\.S\. )?dlrs\b")
_PCT = re.compile(r"\b(\d[\d.,]*) pct\b")


def modern_figures(para: str) -> str:
    """`1.5 mln dlrs` and `4 pct` in the style of today's news: `$1.5 million`, `4%`."""
    para = _DLRS.sub(lambda m: "$" + m.group(1) + (m.group(2) or "").replace("mln", "million"),
                     para)
    return _PCT.sub(r"\1%", para)


def restyle_dateline(para: str, rng: random.Random) -> str:
    """Give a Reuters `CITY, Feb 26 - ` dateline another real style."""
    match = _DATELINE.match(para)
    if not match:
        return para
    place, date = match.group(1), match.group(2)
    rest = para[match.end():]
    roll = rng.random()
    tag = rng.choice(AGENCY_TAGS)
    if roll < 0.25:
        head = f"{place} ({tag}) — "
    elif roll < 0.45 and date:
        head = f"{place}, {date} ({tag}) - "
    elif roll < 0.6:
        head = f"{place.split(',')[0]}, {rng.choice(STATES)} ({tag}) — "
    elif roll < 0.7:
        head = f"{place} — "
    elif roll < 0.75:
        head = f"{place.title()} ({tag}) - "
    else:
        return para
    return head + rest


def wedge_dateline(para: str, name: str, rng: random.Random) -> tuple[str, tuple[int, int]] | None:
    """Push `name` into the dateline: `SEOUL,Brand South Korea (AP) —`."""
    match = re.match(r"^([A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)*)([ ,]+)", para)
    if not match or match.end() > 40:
        return None
    city = match.group(1)
    roll = rng.random()
    if roll < 0.5:
        glue = ","
    elif roll < 0.75:
        glue = ", "
    else:
        glue = " "
    if rng.random() < 0.15:
        start = len(city) + 2
        return f"{city} ({name}) — " + para[match.end():], (start, start + len(name))
    if rng.random() < 0.8:
        start = len(city) + len(glue)
        return city + glue + name + " " + para[match.end():], (start, start + len(name))
    return name + " " + para, (0, len(name))


# --- lines with spans ----------------------------------------------------------------------

Spans = list[tuple[int, int, str]]


def _shift(spans: Spans, by: int) -> Spans:
    return [(s + by, e + by, label) for s, e, label in spans]


def prefix(text: str, spans: Spans, head: str, label_span: tuple[int, int] | None
           ) -> tuple[str, Spans]:
    """Put `head` before a line; `label_span` marks the injected part of `head`."""
    new = _shift(spans, len(head))
    if label_span:
        new.append((label_span[0], label_span[1], "injection"))
    return head + text, new


def suffix(text: str, spans: Spans, tail: str, label_span: tuple[int, int] | None
           ) -> tuple[str, Spans]:
    new = list(spans)
    if label_span:
        new.append((len(text) + label_span[0], len(text) + label_span[1], "injection"))
    return text + tail, new


@dataclass(frozen=True)
class LabelledPage:
    """A page in DESIGN's labelled format."""

    id: str
    text: str
    spans: tuple[tuple[int, int, str], ...]

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "text": self.text,
                "spans": [{"start": s, "end": e, "label": lab} for s, e, lab in self.spans]}

    @classmethod
    def from_dict(cls, record: dict) -> LabelledPage:
        spans = []
        for span in record["spans"]:
            start, end = span["start"], span["end"]
            if type(start) is not int or type(end) is not int:  # not bool, not 27.9
                raise TypeError(f"span offsets must be integers, got {start!r} and {end!r}")
            spans.append((start, end, str(span["label"])))
        return cls(str(record["id"]), record["text"], tuple(spans))

    @property
    def contaminated(self) -> bool:
        return any(label in ("injection", "promo") for _, _, label in self.spans)


LABELS = ("injection", "promo", "residue")
"""The span labels of labelled pages (the rest of a page is clean)."""


INFLATE_RATIO = 100
"""A gzipped labelled file may inflate to this many times its size (JSON Lines of pages
compress 3-10x; a gzip bomb 1,000x), or to `INFLATE_FLOOR` bytes, whichever is more."""
INFLATE_FLOOR = 64 * 2**20


def _inflated(path: Path, data: bytes) -> bytes:
    """`data` decompressed, refused past the inflation limit instead of filling memory."""
    limit = max(INFLATE_FLOOR, INFLATE_RATIO * len(data))
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
            out = gz.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise ValueError(f"{path}: damaged gzip data ({exc})") from None
    if len(out) > limit:
        raise ValueError(f"{path}: gzip data inflates to more than {limit:,} bytes, over "
                         f"{INFLATE_RATIO}x its {len(data):,}: a gzip bomb? (split a real "
                         "labelled set into smaller files)")
    return out


def read_labelled(path: Path) -> list[LabelledPage]:
    """DESIGN's labelled JSONL (a UTF-8 BOM allowed), checked: a bad line is a ValueError
    that names the line."""
    import json

    pages = []
    data = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = _inflated(path, data)
    try:
        # JSON strings may hold U+2028, NEL…: only a newline ends a record
        lines = data.decode("utf-8-sig").split("\n")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path} is not UTF-8 text, so not labelled JSONL ({exc})") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            page = LabelledPage.from_dict(json.loads(line))
            if not isinstance(page.text, str):
                raise TypeError(f"text is {type(page.text).__name__}, not a string")
        except (ValueError, KeyError, TypeError, RecursionError) as exc:
            raise ValueError(f"{path}:{n}: not a labelled page ({exc!r}); expected "
                             '{"id", "text", "spans": [{"start", "end", "label"}]}') from None
        for start, end, label in page.spans:
            if label not in LABELS or not 0 <= start <= end <= len(page.text):
                raise ValueError(f"{path}:{n}: span ({start}, {end}, {label!r}) is not inside "
                                 f"the text or its label is not one of {', '.join(LABELS)}")
        ordered = sorted(page.spans)
        for (start, end, label), after in pairwise(ordered):
            if after[0] < end:
                raise ValueError(f"{path}:{n}: spans ({start}, {end}, {label!r}) and "
                                 f"{after} overlap: each character has one label")
        pages.append(page)
    if not pages:
        raise ValueError(f"{path} has no labelled pages")
    return pages


class Generator:
    """Turns clean articles into labelled pages, half of them contaminated.

    headlines: titles of other stories, for related lists (residue).
    promo_lines: real spam and promo lines for this split; templates: `{B}` promo templates.
    crypto_headlines: legitimate crypto news headlines (hard negatives in related lists).
    """

    def __init__(self, split: str, headlines: Sequence[str], promo_lines: Sequence[str],
                 templates: Sequence[str], crypto_headlines: Sequence[str], seed: int = 0,
                 ham_lines: Sequence[str] = ()) -> None:
        if split not in SPLITS:
            raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
        self.split = split
        self.headlines = [h for h in headlines if len(re.sub(r"<[^>]*>", "", h).split()) >= 2]
        self.promo_lines = list(promo_lines)
        self.templates = list(templates)
        self.crypto_headlines = list(crypto_headlines)
        self.ham_lines = list(ham_lines)
        self.seed = seed

    # residue and hard negatives --------------------------------------------------------------

    def _related_headline(self, rng: random.Random) -> str:
        """Another story's headline, sometimes in the colon shapes real lists are full of."""
        title = titlecase(rng.choice(self.headlines), rng)
        roll = rng.random()
        words = re.findall(r"\b[A-Z][a-z]{2,}\b", title)
        if roll < 0.12 and words:
            word = rng.choice(words)
            kicker = rng.choice(["update", "latest", "news", "live"])
            return f"{word} {kicker}: {title}"
        if roll < 0.22:
            lead = rng.choice(COLON_HEADS + tuple(_FIRST_NAMES) + tuple(_LAST_NAMES) + STATES)
            return f"{lead}: {title}"
        if roll < 0.27:
            return f"'{title}:' {rng.choice(['officials', 'fans', 'critics'])} react"
        if roll < 0.32:
            return f"{title.upper()[:40]}: {titlecase(rng.choice(self.headlines), rng)}"
        return title

    def _related(self, rng: random.Random) -> list[str]:
        n = rng.randint(3, 9)
        pool = [self._related_headline(rng) for _ in range(n)]
        if self.crypto_headlines and rng.random() < 0.3:
            pool[rng.randrange(n)] = rng.choice(self.crypto_headlines)
        marker = rng.choice(["- ", "", "• ", "* ", ""])
        return [marker + h for h in pool]

    def _breadcrumb(self, rng: random.Random) -> str:
        parts = rng.sample(BREADCRUMB_PARTS, rng.randint(2, 3))
        sep = rng.choice([" > ", " » ", " / ", " › ", ">"])
        head = rng.choice(["", "", "Current:", "You are here: ", "Current position: "])
        return head + sep.join(parts)

    def _template_date(self, rng: random.Random) -> str:
        y, m, d = rng.randint(2019, 2026), rng.randint(1, 12), rng.randint(1, 28)
        hh, mm, ss = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
        return rng.choice([
            f"Date:{y}-{m:02d}-{d:02d} {hh:02d}:{mm:02d}:{ss:02d}",
            f"Published: {y}-{m:02d}-{d:02d} {hh:02d}:{mm:02d}",
            f"Updated {hh % 12 + 1}:{mm:02d} PM EST, {d}/{m}/{y}",
            f"{y}/{m:02d}/{d:02d} {hh:02d}:{mm:02d}",
            f"Posted on {d:02d}.{m:02d}.{y}",
            f"Time: {y}-{m:02d}-{d:02d}",
        ])

    @staticmethod
    def _residue(text: str) -> tuple[str, Spans]:
        return text, whole(text, "residue")

    def _counter(self, rng: random.Random) -> str:
        return f"{rng.choice(COUNTER_WORDS)} ({rng.randint(3, 99999)})"

    def _title(self, article: Article, body: list[str], rng: random.Random) -> str:
        title = titlecase(article.title, rng)
        roll = rng.random()
        if roll < 0.10:
            return f"{rng.choice(COLON_HEADS)}: {title}"
        if roll < 0.17:
            return f"{rng.choice(COLON_HEADS).upper()} 1-{title}"
        if roll < 0.27:
            return f"{title}{rng.choice([' - ', ' | ', ' — '])}{rng.choice(OUTLETS)}"
        if roll < 0.33:
            return f"{title} ({rng.choice(AGENCY_TAGS)})"
        if roll < 0.40:
            names = re.findall(r"(?<=[a-z,] )([A-Z][a-z]{3,})\b", " ".join(body))
            if names:
                return f"{rng.choice(names)}: {title}"
        if roll < 0.60:
            name = brand(rng, self.split) if roll < 0.54 else rng.choice(CAMEL_NAMES + ACRONYMS)
            self._mention(name, body, rng)
            return rng.choice([f"{name}: {title}", f"{name} {title[:1].lower() + title[1:]}",
                               f"{title} - {name}", f"{name} | {title}", f"{name}'s {title}"])
        return title

    @staticmethod
    def _subheading(paragraph: str, rng: random.Random) -> str:
        """A short line from the paragraph below it: a subhead, a venue, a name."""
        names = re.findall(r"(?:[A-Z][a-z]+ ){1,2}[A-Z][a-z]+", paragraph)
        if names and rng.random() < 0.5:
            head = rng.choice(names)
            first, second = rng.choice(names), rng.choice(names)
            return rng.choice([head, f"{head}, {first}", f"{head} ({second})"])
        words = re.findall(r"[A-Za-z']+", paragraph) or ["Update"]
        at = rng.randrange(max(1, len(words) - 2))
        return " ".join(w[:1].upper() + w[1:] for w in words[at : at + rng.randint(2, 4)])

    @staticmethod
    def _mention(name: str, body: list[str], rng: random.Random) -> None:
        """Make `name` part of the article: the story is about it, so it is no brand."""
        sentences = (f"{name} said on Monday it was reviewing the plans.",
                     f"Shares of {name} rose 3 percent in early trading.",
                     f"A spokesman for {name} declined to comment.",
                     f"{name} has operated in the region for more than a decade.")
        for _ in range(rng.randint(1, 2)):
            k = rng.randrange(len(body)) if body else 0
            if body:
                body[k] = body[k] + " " + rng.choice(sentences)
            else:
                body.append(rng.choice(sentences))

    def _extras(self, body_lines: list[tuple[str, Spans]], footer: list[tuple[str, Spans]],
                rng: random.Random) -> None:
        """Clean lines that look odd: subheadings, name lists, reader comments."""
        if rng.random() < 0.15 and len(body_lines) > 2:
            for _ in range(rng.randint(1, 3)):
                k = rng.randint(1, len(body_lines) - 1)
                body_lines.insert(k, (self._subheading(body_lines[k][0], rng), []))
        if rng.random() < 0.04 and body_lines:
            names = rng.sample(_LAST_NAMES, rng.randint(3, 6))
            body_lines.insert(rng.randint(1, len(body_lines)), (", ".join(names) + ".", []))
        if self.ham_lines and rng.random() < 0.12:
            footer.insert(0, self._residue(rng.choice(["Comments", "Your views", "Reader comments",
                                                       "Have your say"])))
            for n in range(rng.randint(2, 5)):
                raw = re.sub(r"<[^>]{0,20}>", " ", html.unescape(rng.choice(self.ham_lines)))
                footer.insert(1 + n, (" ".join(raw.split())[:400].strip() or "Agreed.", []))

    # contamination operations ---------------------------------------------------------------

    def _separator(self, rng: random.Random, common: Sequence[str]) -> str:
        return novel_separator(rng, self.split) if rng.random() < NOVEL_SEP_SHARE else rng.choice(
            common)

    def _brand_prefix(self, name: str, rng: random.Random) -> tuple[str, tuple[int, int]]:
        if rng.random() < 0.12:
            left, right = rng.choice(BRACKETS)
            return f"{left}{name}{right}", (len(left), len(left) + len(name))
        return name + self._separator(rng, TITLE_PREFIX_SEPS), (0, len(name))

    def _brand_suffix(self, name: str, rng: random.Random) -> tuple[str, tuple[int, int]]:
        sep = self._separator(rng, TITLE_SUFFIX_SEPS)
        if rng.random() < 0.1:
            left, right = rng.choice(BRACKETS)
            return f" {left}{name}{right.strip()}", (len(left) + 1, len(left) + 1 + len(name))
        return sep + name, (len(sep), len(sep) + len(name))

    def _promo(self, name: str, rng: random.Random) -> str:
        if self.promo_lines and rng.random() < 0.4:
            raw = re.sub(r"<[^>]{0,20}>", " ", html.unescape(rng.choice(self.promo_lines)))
            return " ".join(raw.split())[:300].strip()
        if self.split != "test" and (not self.templates or rng.random() < 0.5):
            return promo_line(rng, name)
        template = rng.choice(self.templates) if self.templates else "{B}: The Future of Crypto"
        return template.replace("{B}", name)

    def page(self, article: Article, page_id: str, contaminate: bool) -> LabelledPage:
        rng = random.Random(f"{self.seed}:{self.split}:{page_id}:{contaminate}")
        body = [restyle_dateline(p, rng) for p in article.paragraphs]
        if rng.random() < STUB_SHARE:
            body = [re.split(r"(?<=\.) ", body[0])[0]] if body and rng.random() < 0.7 else []
        if rng.random() < 0.6:
            body = [modern_figures(p) for p in body]
        title = self._title(article, body, rng)
        if rng.random() < 0.12:
            body.insert(rng.randint(1, max(1, len(body))), rng.choice(CRYPTO_SENTENCES))
        title_line: tuple[str, Spans] = (title, [])
        header: list[tuple[str, Spans]] = []
        if rng.random() < 0.35:
            header.append(self._residue(self._breadcrumb(rng)))
        if rng.random() < 0.3:
            header.append((title, []))
        if rng.random() < 0.35:
            header.append(self._residue(self._template_date(rng)))
        if rng.random() < 0.3:
            n, m = _person(rng), _person(rng)
            header.append((rng.choice(BYLINES).format(n=n, N=n.upper(), m=m), []))
        if rng.random() < 0.2:
            header.append(self._residue(rng.choice(SHARE_LINES)))
        body_lines: list[tuple[str, Spans]] = [(p, []) for p in body]
        if rng.random() < 0.2:
            n, m = _person(rng), _person(rng)
            body_lines.append((rng.choice(SIGNOFFS).format(n=n, m=m), []))
        if body_lines and rng.random() < 0.1:
            k = rng.randrange(len(body_lines))
            text = body_lines[k][0]
            if text[-1:] in ".!?\"”":
                body_lines[k] = (text + rng.choice(CREDITS).format(n=_person(rng)), [])
        footer: list[tuple[str, Spans]] = []
        if rng.random() < 0.3:
            footer.append(self._residue("___" if rng.random() < 0.5 else "* * *"))
        if rng.random() < 0.3:
            footer.append(self._residue(self._counter(rng)))
        if rng.random() < 0.25:
            footer.append(self._residue(rng.choice(SHARE_LINES)))
        related_at = len(footer)
        if rng.random() < 0.6:
            for _ in range(rng.randint(1, 3)):
                footer.append(self._residue(rng.choice(WIDGET_HEADERS)))
                footer.extend(self._residue(h) for h in self._related(rng))
        if rng.random() < 0.25:
            year, outlet = rng.randint(2015, 2026), rng.choice(OUTLETS)
            footer.append(self._residue(f"© {year} {outlet}. All rights reserved."))
        if footer and rng.random() < 0.3:
            footer.append(footer[-1])
        self._extras(body_lines, footer, rng)
        if rng.random() < BARE_SHARE:
            header, footer, related_at = [], [], 0

        if contaminate:
            title_line, header, body_lines, footer = self._contaminate(
                rng, title_line, header, body_lines, footer, related_at)
        builder = PageBuilder()
        lines = [title_line, *header, *body_lines, *footer]
        if lines and rng.random() < 0.05 and lines[1:] and not lines[1][1]:
            lines[0] = (lines[0][0] + " " + lines[1][0], lines[0][1])
            del lines[1]
        for text, spans in lines:
            builder.add(text, spans)
        text, spans = builder.build(rng)
        return LabelledPage(page_id, text, tuple(sorted(spans)))

    @staticmethod
    def _brand_at_paragraph(body_lines, pick, rng, piece, attach) -> None:
        """Attach a brand `piece` (`_brand_prefix`/`_brand_suffix`) to a random paragraph
        that carries no span yet, with `attach` (`prefix`/`suffix`)."""
        k = rng.randrange(len(body_lines))
        text, spans = body_lines[k]
        if not spans:
            part, span = piece(pick(), rng)
            body_lines[k] = attach(text, spans, part, span)

    def _contaminate(self, rng, title_line, header, body_lines, footer, related_at):
        names = [brand(rng, self.split) for _ in range(1 if rng.random() < 0.7 else 2)]
        plain_title = title_line[0]
        ops = ["title_prefix", "title_suffix", "glued_crumb", "headline_dup", "brand_line",
               "dateline", "paragraph_prefix", "promo", "paragraph_suffix", "sentence_prefix",
               "title_glued_word"]
        weights = [5, 3, 1.5, 1.5, 2, 2.5, 2, 3, 1, 1, 1]
        chosen = set(rng.choices(ops, weights, k=rng.randint(1, 4)))
        name = names[0]

        def pick() -> str:
            return rng.choice(names)

        title, tspans = title_line
        if "title_prefix" in chosen:
            head, span = self._brand_prefix(pick(), rng)
            title, tspans = prefix(title, tspans, head, span)
        if "title_glued_word" in chosen and "title_prefix" not in chosen:
            word = rng.choice(["News", "World", "Home", "Latest", "Breaking", "Top", "Hot"])
            nm = pick()
            sep = self._separator(rng, [":", "|", " - ", "-"])
            title, tspans = prefix(title, tspans, f"{word}{nm}{sep}",
                                   (len(word), len(word) + len(nm)))
        if "glued_crumb" in chosen:
            crumb = self._breadcrumb(rng)
            nm = pick()
            glue = crumb + nm + self._separator(rng, [":", "|", " - ", ": "])
            title, tspans = prefix(title, tspans, glue, (len(crumb), len(crumb) + len(nm)))
            tspans.append((0, len(crumb), "residue"))
        if "title_suffix" in chosen:
            tail, span = self._brand_suffix(pick(), rng)
            title, tspans = suffix(title, tspans, tail, span)
        title_line = (title, sorted(tspans))
        if "headline_dup" in chosen:
            head, span = self._brand_prefix(pick(), rng)
            header.insert(0, prefix(plain_title, [], head, span))
        if "brand_line" in chosen:
            nm = pick()
            line = nm if rng.random() < 0.7 else f"{nm} {rng.choice(_SECOND)}"
            where = rng.random()
            entry = (line, whole(line, "injection"))
            if where < 0.6:
                header.insert(rng.randint(0, len(header)), entry)
            elif where < 0.8 and len(body_lines) > 1:
                body_lines.insert(rng.randint(1, len(body_lines) - 1), entry)
            else:
                footer.insert(0, entry)
        if "dateline" in chosen and body_lines:
            wedged = wedge_dateline(body_lines[0][0], pick(), rng)
            if wedged:
                text, (s, e) = wedged
                body_lines[0] = (text, [(s, e, "injection")])
        if "paragraph_prefix" in chosen and len(body_lines) > 1:
            self._brand_at_paragraph(body_lines, pick, rng, self._brand_prefix, prefix)
        if "paragraph_suffix" in chosen and len(body_lines) > 1:
            self._brand_at_paragraph(body_lines, pick, rng, self._brand_suffix, suffix)
        if "sentence_prefix" in chosen and body_lines:
            k = rng.randrange(len(body_lines))
            text, spans = body_lines[k]
            cuts = [m.end() for m in re.finditer(r"(?<=[a-z0-9][.!?]) (?=[A-Z])", text)]
            if cuts and not spans:
                at = rng.choice(cuts)
                head, span = self._brand_prefix(pick(), rng)
                new_text, new_spans = prefix(text[at:], [], head, span)
                body_lines[k] = (text[:at] + new_text, _shift(new_spans, at))
        if "promo" in chosen:
            for _ in range(rng.randint(1, 2)):
                line = self._promo(pick(), rng)
                if related_at < len(footer) and rng.random() < 0.7:
                    marker = footer[related_at + 1][0][:2] if related_at + 1 < len(footer) else ""
                    marker = marker if marker in ("- ", "• ", "* ") else ""
                    line = marker + line
                    at = rng.randint(related_at + 1, len(footer))
                    footer.insert(at, (line, whole(line, "promo")))
                elif rng.random() < 0.5 and len(body_lines) > 2:
                    body_lines.insert(rng.randint(2, len(body_lines)), (line, whole(line, "promo")))
                else:
                    footer.append((line, whole(line, "promo")))
        if not any(s for _, spans in [title_line, *header, *body_lines, *footer] for s in spans
                   if s[2] in ("injection", "promo")):
            head, span = self._brand_prefix(name, rng)
            title_line = prefix(title_line[0], title_line[1], head, span)
        return title_line, header, body_lines, footer
