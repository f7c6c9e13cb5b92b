"""Word lists the signals consult: a rarity lexicon learned from clean text, and named lists."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache

from spamdet import bundled
from spamdet.normalize import compose, words

WEB_LIST = "large"  # wordfreq's English list: about 320,000 words down to Zipf 1
ZIPF_SCALE = 8.0
LIST_NAMES = ("places", "outlets", "widgets", "promo", "crypto", "months", "modern")
LEXICON_SIZE = 60_000
COINED_LETTERS = 4
"""A brand's coined word has at least this many letters (shorter unknown words are initials
and acronyms: `AFP`, `NZ`)."""
RARITY_SCALE = 7.0
MISSPELT_ZIPF = 3.0
"""A word this common in English (Zipf 3: once in a million words) is one a typo is taken
for."""


TRADEMARKS = "™®℠"
"""Signs an owner puts after a name it claims (`Nexa™`, `ZapTrade®`): the name is its
coinage, whatever English makes of the word."""
_SIGNS = tuple(TRADEMARKS)
CORPORATE = frozenset({
    "inc", "corp", "co", "cos", "corporation", "company", "group", "holding", "holdings",
    "ag", "plc", "ltd", "llc", "sa", "nv", "ab", "gmbh", "pty", "bank", "bancorp",
    "international", "industries", "partners", "capital", "financial", "systems",
    "technologies", "energy", "resources", "labs", "motors", "airlines", "airways"})
"""Words that close a company's name (`Acme Corp posts loss`, `Asiavest Pty Ltd, a…`): the
story's subject, not a brand set before it."""


def signed(text: str, at: int) -> bool:
    """Does a trademark sign stand at `at` in `text` (right after a word ending there)?"""
    return text.startswith(_SIGNS, at)


@lru_cache(maxsize=1 << 16)
def norm(word: str) -> str:
    """The form words are compared in: composed (NFC), lower case, no possessive `'s` (cached:
    words repeat)."""
    word = compose(word).lower()
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    return word


def read_list(name: str) -> list[str]:
    """Entries of a bundled list in `data/lexicons/NAME.txt` (comments and blanks skipped)."""
    text = bundled.files("spamdet.data.lexicons").joinpath(f"{name}.txt").read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def _words_of(entries: Iterable[str]) -> frozenset[str]:
    return frozenset(norm(w) for entry in entries for w in words(entry))


@cache
def list_words(name: str) -> frozenset[str]:
    """The words of a bundled list (`norm`ed), read once: for the rules whose lists are not
    in the model's `Lexicon` (stop words, commercial words)."""
    return _words_of(read_list(name))


@dataclass(frozen=True)
class Lexicon:
    """Rarity of words in clean text, and the named word lists (all normalised with `norm`).

    rarity: word -> -log10(relative frequency) / RARITY_SCALE, capped at 1; unknown words are 1.
    web: word -> its Zipf frequency in English at large (wordfreq: web, books, subtitles,
    Wikipedia, news) / ZIPF_SCALE, copied into the model when it is trained, so scores never
    depend on the installed wordfreq; words it never saw are absent.
    phrases: lower-case multi-word entries of `widgets`, matched against whole lines.
    """

    rarity: dict[str, float]
    places: frozenset[str]
    outlets: frozenset[str]
    widgets: frozenset[str]
    promo: frozenset[str]
    crypto: frozenset[str]
    months: frozenset[str]
    phrases: frozenset[str]
    web: dict[str, float] = field(default_factory=dict)

    def rarity_of(self, word: str) -> float:
        return self.rarity.get(word, 1.0)

    def web_of(self, word: str) -> float:
        return self.web.get(word, 0.0)

    def coined(self, word: str) -> bool:
        """Is the normalised `word` one English at large has never seen (no `wordfreq`
        frequency) and no place, month, outlet or news agency (`agencies` list) either: a
        brand's invented name, not a wire service's?"""
        return (self.web_of(word) == 0 and word not in self.places and word not in self.months
                and word not in self.outlets and word not in list_words("agencies"))

    def coined_name(self, word: str) -> bool:
        """Is `word` (in any form) a brand's coined word: `COINED_LETTERS` long or more, and
        `coined`?"""
        return len(word) >= COINED_LETTERS and self.coined(norm(word))

    def invented(self, word: str) -> bool:
        """Is `word` (in any form) a brand's coined word (`coined_name`) that is no typo of
        a common word, an outlet or a wire (`misspelt`)?"""
        return self.coined_name(word) and not self.misspelt(norm(word))

    @cached_property
    def furniture(self) -> frozenset[str]:
        """Words page furniture is made of: widgets, outlets, wires and stop words."""
        return self.widgets | self.outlets | list_words("agencies") | list_words("stopwords")

    def known_plural(self, word: str) -> bool:
        """Is `word` a word English knows with an `s` added: a plural, or a possessive
        without its apostrophe (`Arafats`, `Costigans Pub`)?"""
        return word.endswith("s") and self.web_of(norm(word[:-1])) > 0

    def misspelt(self, word: str) -> bool:
        """Is the normalised `word` a common word (`MISSPELT_ZIPF`), an outlet or a wire
        with one letter dropped, added, changed or two swapped inside it (`represenatives`,
        `Illnois`, `Brewiing`, `REUITER`)? Not at its ends, where a brand adds or changes
        its letters (`Tradeo`, `Gainly`)."""
        letters = "abcdefghijklmnopqrstuvwxyz"
        n = len(word)
        if n < 5 or n - 1 > self._typo_target_letters:
            return False
        edits = [word[:i] + word[i + 1:] for i in range(1, n - 1)]
        edits += [word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(1, n - 2)]
        edits += [word[:i] + c + word[i:] for i in range(1, n) for c in letters]
        edits += [word[:i] + c + word[i + 1:] for i in range(1, n - 1) for c in letters]
        wires = list_words("agencies")
        return any(self.web.get(e, 0.0) >= MISSPELT_ZIPF / ZIPF_SCALE or e in self.outlets
                   or e in wires for e in edits)

    @cached_property
    def _typo_target_letters(self) -> int:
        """The length of the longest word `misspelt` takes a typo for: a longer word (less
        one letter) is no typo of any, and its thousands of edits need not be built (a
        hostile page's 5,000-letter title word took a second)."""
        floor = MISSPELT_ZIPF / ZIPF_SCALE
        common = (w for w, zipf in self.web.items() if zipf >= floor)
        return max(map(len, (*common, *self.outlets, *list_words("agencies"))), default=0)

    def all_places(self, words: Iterable[str]) -> bool:
        """Are all of `words` places (`UK`, `NEW YORK`): a dateline's city, not a brand?"""
        return all(norm(w) in self.places for w in words)

    @classmethod
    def build(cls, texts: Iterable[str], size: int = LEXICON_SIZE) -> Lexicon:
        """Learn word rarity from clean `texts` and attach the bundled lists."""
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(norm(w) for w in words(text))
        lists = {name: read_list(name) for name in LIST_NAMES}
        # Sorted: set order follows the string hash seed, and ties in `most_common` (and the
        # saved word table) follow insertion order, so the model must not depend on it.
        for word in sorted(_words_of(lists["modern"]) | _words_of(lists["months"])):
            counts[word] += 50
        total = sum(counts.values()) or 1
        rarity = {
            word: min(1.0, -math.log10(count / total) / RARITY_SCALE)
            for word, count in counts.most_common(size)
            if count >= 2
        }
        return cls(
            rarity=rarity,
            places=_words_of(lists["places"]),
            outlets=_words_of(lists["outlets"]),
            widgets=_words_of(lists["widgets"]),
            promo=_words_of(lists["promo"]),
            crypto=_words_of(lists["crypto"]),
            months=_words_of(lists["months"]),
            phrases=frozenset(e.lower() for e in lists["widgets"]),
            web=web_frequencies(),
        )


def web_frequencies() -> dict[str, float]:
    """How common each English word is at large, from wordfreq (Zipf / ZIPF_SCALE): real
    places, people and companies are there, invented brand names are not."""
    from wordfreq import get_frequency_dict  # training only: the model keeps a copy

    web: dict[str, float] = {}
    for word, freq in get_frequency_dict("en", wordlist=WEB_LIST).items():
        key, zipf = norm(word), round((9.0 + math.log10(freq)) / ZIPF_SCALE, 3) if freq else 0.0
        web[key] = max(zipf, web.get(key, 0.0))  # `the` and `the's` are both `the`
    return web
